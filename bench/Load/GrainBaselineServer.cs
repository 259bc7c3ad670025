namespace Marquee.Bench.Load;

/// <summary>
/// The grain anchor: the bare baseline's Kestrel and minimal endpoint, plus an in-process (co-hosted) silo with one
/// grain that answers from memory, called once per request. Nothing else: no gateway filters, no authentication, no
/// resilience pipeline, no background services, memory storage unused. It measures what one Orleans call costs on
/// this machine in the same run, so the API's own overhead (everything between this and <c>gateway-floor-grain</c>)
/// shows apart from Orleans'.
/// </summary>
internal static class GrainBaselineServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = BaselineServer.CreateBuilder(args, 5091);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort: Marquee.Grains.Hosting.FreePort.Next(), gatewayPort: Marquee.Grains.Hosting.FreePort.Next()));
        var app = builder.Build();
        app.MapGet("/", async (IGrainFactory grains, int? member) =>
            TypedResults.Json(await grains.GetGrain<IPongGrain>(member ?? 0).PingAsync(), PongContext.Default.Pong));
        app.MapGet("/health/ready", () => TypedResults.Ok());
        await app.RunAsync();
    }
}

/// <summary>The anchor's grain: one per member, its answer built once.</summary>
public interface IPongGrain : IGrainWithIntegerKey
{
    Task<Pong> PingAsync();
}

internal sealed class PongGrain : Grain, IPongGrain
{
    Pong? _pong;

    public Task<Pong> PingAsync() => Task.FromResult(_pong ??= new Pong("marquee", (int)this.GetPrimaryKeyLong()));
}
