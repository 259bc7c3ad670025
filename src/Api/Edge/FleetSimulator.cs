using Marquee.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Edge;

/// <summary>The in-process fleet simulator's settings; bound from <c>Edge:FleetSimulator</c>.</summary>
public sealed class FleetSimulatorOptions
{
    public const string Section = "Edge:FleetSimulator";

    /// <summary>Keep the demo nodes reporting health (embedded demo mode); tests turn it off and drive health themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often each demo node reports (well inside the health TTL).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Stands in for the demo nodes' own health agents in embedded mode: every interval, each demo node reports a
/// steady health figure, so the demo fleet stays fresh. Nothing else about the nodes is simulated.
/// </summary>
public sealed partial class FleetSimulator(
    DemoFleetSeeder fleet,
    IOptions<FleetSimulatorOptions> options,
    IOptions<OrleansHostingOptions> orleans,
    TimeProvider clock,
    ILogger<FleetSimulator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Embedded mode only: in a cluster each API instance would rotate the demo keys under the others' feet.
        if (!options.Value.Enabled || !orleans.Value.IsEmbedded)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await fleet.ReportAsync(DemoHealth.Steady, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogReportFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fleet simulator could not report demo node health; it tries again next interval")]
    static partial void LogReportFailed(ILogger logger, Exception exception);
}
