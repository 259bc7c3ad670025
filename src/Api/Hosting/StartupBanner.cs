using Marquee.Grains.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Hosting;

/// <summary>Prints where the service answers (API, docs, dashboard) and, in demo mode, the demo credentials.</summary>
internal sealed class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<OrleansHostingOptions> orleans,
    IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var api = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault();
        if (api is null)
        {
            return;
        }

        var lines = new List<string>
        {
            "",
            $"Marquee is up ({(orleans.Value.IsEmbedded ? "embedded silo" : "cluster client")}).",
            $"  API        {api}/api",
            $"  API docs   {api}/scalar   (OpenAPI: {api}/openapi/v1.json)",
            $"  Health     {api}/health/ready   Metrics: {api}/metrics",
        };
        if (orleans.Value.IsEmbedded)
        {
            lines.Add($"  Dashboard  {api}/dashboard/");
        }

        if (orleans.Value.ShouldSeedDemoData)
        {
            lines.Add($"  Demo admin   {configuration["Admin:Email"]} / {configuration["Admin:Password"]}");
            lines.Add($"  Demo member  {configuration["Demo:MemberEmail"]} / {configuration["Demo:MemberPassword"]}");
        }

        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
