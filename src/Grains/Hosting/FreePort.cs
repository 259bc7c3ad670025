using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Marquee.Grains.Hosting;

/// <summary>Finds a free loopback TCP port, so an embedded silo never collides with another one on the host.</summary>
/// <remarks>
/// A port is free when asked for and handed to a process that binds it later, so the kernel may offer a port just
/// released again before its taker binds it: a silo once got the same number for its silo port and its web port, and
/// exited at start. A port is therefore handed out at most once per process.
/// </remarks>
public static class FreePort
{
    static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
