using System.Net;

namespace Marquee.Bench.Load;

/// <summary>
/// The load generator's connections to one server: one connection per client, as each device keeps its own. Virtual
/// user <c>u</c> always sends on connection <c>u % count</c>, so in the closed-loop phases (one user per connection)
/// a connection carries one member's requests and token, as an app's does; in the open-loop phase a connection is
/// shared by a few members, in turn.
/// </summary>
internal sealed class Connections : IDisposable
{
    readonly HttpClient[] _clients;

    /// <param name="baseAddress">The server.</param>
    /// <param name="count">How many connections (one per virtual user slot).</param>
    /// <param name="acceptCompression">Send <c>Accept-Encoding: gzip, deflate, br</c> and decompress, as apps do; otherwise neither.</param>
    public Connections(Uri baseAddress, int count, bool acceptCompression)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _clients = [.. Enumerable.Range(0, count).Select(_ => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = acceptCompression ? DecompressionMethods.All : DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        })];
    }

    /// <summary>The connection of virtual user <paramref name="user"/>.</summary>
    public HttpClient For(int user) => _clients[user % _clients.Length];

    /// <summary>Any connection, for set-up and metrics reads outside the measured requests.</summary>
    public HttpClient Any => _clients[0];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
