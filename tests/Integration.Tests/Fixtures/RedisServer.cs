using System.Net.Sockets;
using System.Text;
using Marquee.Grains.Hosting;

namespace Marquee.Integration.Tests.Fixtures;

/// <summary>
/// A real redis-server on a free loopback port, no persistence, its files in a temp folder; killed and removed on
/// dispose. Shared by the whole test assembly (an assembly fixture): tests keep apart through their own Orleans
/// ClusterId/ServiceId. A test that needs a Redis of its own (to stop it, say) uses <see cref="StartAsync"/>.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    ChildProcess? _process;
    string? _directory;

    public int Port { get; private set; }

    /// <summary>The endpoint as Orleans:Redis expects it, e.g. <c>127.0.0.1:6390</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.InitializeAsync();
        return server;
    }

    public async ValueTask InitializeAsync()
    {
        var executable = Tools.Find("redis-server", "apt-get install redis-server");
        _directory = Directory.CreateTempSubdirectory("marquee-redis-").FullName;
        try
        {
            // A free port can be taken between the probe and the bind: try a few.
            for (var attempt = 1; ; attempt++)
            {
                Port = FreePort.Next();
                _process = ChildProcess.Start("redis-server", executable,
                [
                    "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", _directory,
                ]);
                try
                {
                    await Poll.UntilAsync($"redis-server to answer PING on {Endpoint}", StartTimeout,
                        async ct => !_process.HasExited ? await PingAsync(ct) : throw new Poll.GiveUpException("redis-server exited"),
                        () => _process.Tail());
                    return;
                }
                catch (Poll.GiveUpException) when (attempt < 3)
                {
                    await _process.DisposeAsync();
                }
                catch (Poll.GiveUpException)
                {
                    throw new InvalidOperationException($"redis-server exited at start on port {Port}:{Environment.NewLine}{_process.Tail()}");
                }
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>True when the server answers PING with PONG.</summary>
    public async Task<bool> PingAsync(CancellationToken ct = default)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
        var buffer = new byte[16];
        var read = await stream.ReadAsync(buffer, ct);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
