using System.Net;
using System.Net.Sockets;

namespace Marquee.Grains.Hosting;

/// <summary>Finds a free loopback TCP port, so an embedded silo never collides with another one on the host.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
