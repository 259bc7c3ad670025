using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>Hands jobs from their grains to the silo's <see cref="IngestWorker"/>.</summary>
public interface IIngestQueue
{
    /// <summary>Offers a job; false when the queue is full (the job's reminder offers it again). Never waits.</summary>
    bool TryEnqueue(Guid jobId);

    /// <summary>The jobs offered, in order, for the worker.</summary>
    IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct);
}

/// <summary>A silo's bounded in-memory queue: grains write to it and never wait; a job lost with the silo is re-offered by its reminder.</summary>
public sealed class IngestQueue(IOptions<IngestOptions> options) : IIngestQueue
{
    readonly Channel<Guid> _channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = false,
    });

    public bool TryEnqueue(Guid jobId) => _channel.Writer.TryWrite(jobId);

    public IAsyncEnumerable<Guid> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}
