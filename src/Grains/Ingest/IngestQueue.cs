using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>A silo's bounded queue of jobs for its <see cref="IngestWorker"/>; grains write to it and never wait.</summary>
public sealed class IngestQueue(IOptions<IngestOptions> options)
{
    readonly Channel<Guid> _channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = false,
    });

    /// <summary>Offers a job; false when the queue is full (the job's reminder offers it again).</summary>
    public bool TryEnqueue(Guid jobId) => _channel.Writer.TryWrite(jobId);

    internal ChannelReader<Guid> Reader => _channel.Reader;
}
