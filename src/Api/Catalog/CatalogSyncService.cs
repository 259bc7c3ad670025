using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Catalog;

/// <summary>How the API keeps its catalogue copy; bound from the <c>Catalog</c> section.</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>How often the replica asks the catalogue index for changes: the bound on how stale another API's change is here.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>Loads the catalogue copy at start, then follows the change feed every <see cref="CatalogOptions.SyncInterval"/>.</summary>
/// <remarks>The interval runs on the injected clock: tests drive it with a fake one (and the admin routes sync at once anyway).</remarks>
internal sealed partial class CatalogSyncService(
    CatalogReplica replica,
    IOptions<CatalogOptions> options,
    TimeProvider clock,
    ILogger<CatalogSyncService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SyncOnceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SyncInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SyncOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    async Task SyncOnceAsync(CancellationToken ct)
    {
        try
        {
            await replica.SyncAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Search keeps answering from the last copy; the next tick tries again.
            LogSyncFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalogue replica sync failed; search serves the previous copy until the next attempt")]
    static partial void LogSyncFailed(ILogger logger, Exception exception);
}
