namespace Marquee.Bench.Load;

/// <summary>The bare baseline: Kestrel and one minimal endpoint returning a small JSON body, no Orleans.</summary>
internal static class BaselineServer
{
    public static async Task RunAsync(string[] args)
    {
        var app = CreateBuilder(args, 5090).Build();
        app.MapGet("/", () => TypedResults.Json(new Pong("marquee", 1), PongContext.Default.Pong));
        app.MapGet("/health/ready", () => TypedResults.Ok());
        await app.RunAsync();
    }

    /// <summary>The slim host both baselines run on: no logging, loopback on <c>--port</c>, no Server header.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, int defaultPort)
    {
        var port = Args.IntArg(args, "--port", defaultPort);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        return builder;
    }
}

[GenerateSerializer, Immutable]
public sealed record Pong([property: Id(0)] string Service, [property: Id(1)] int Version);

[System.Text.Json.Serialization.JsonSerializable(typeof(Pong))]
internal sealed partial class PongContext : System.Text.Json.Serialization.JsonSerializerContext;
