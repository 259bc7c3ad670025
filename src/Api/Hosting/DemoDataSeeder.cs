using Marquee.Accounts;
using Marquee.Api.Accounts;
using Marquee.Api.Catalog;
using Marquee.Api.Edge;
using Marquee.Catalog;
using Marquee.Grains.Catalog;
using Marquee.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Hosting;

/// <summary>The demo member; bound from the <c>Demo</c> section (the startup banner prints it).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public string? MemberEmail { get; set; }

    public string? MemberPassword { get; set; }
}

/// <summary>
/// Seeds the demo data when <see cref="OrleansHostingOptions.ShouldSeedDemoData"/> (embedded mode by default): the
/// project's demo catalogue (<see cref="DemoCatalog"/>) and the demo member. Runs after the silo has started (it is
/// registered after Orleans) and before the API takes requests; idempotent, so a restart against durable storage, or
/// several API instances, change nothing that exists (an admin's edit of a demo title survives).
/// </summary>
internal sealed partial class DemoDataSeeder(
    IGrainFactory grains,
    CatalogReplica replica,
    DemoFleetSeeder fleet,
    IOptions<OrleansHostingOptions> orleans,
    IOptions<DemoOptions> demo,
    ILogger<DemoDataSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!orleans.Value.ShouldSeedDemoData)
        {
            return;
        }

        var added = await SeedCatalogueAsync(cancellationToken);
        await SeedMemberAsync(cancellationToken);

        // Demo edge fleet, after the catalogue: the nodes' contents refer to its titles.
        await fleet.SeedAsync(DemoCatalog.Titles, cancellationToken);

        await replica.SyncAsync(cancellationToken);
        LogSeeded(logger, added, DemoCatalog.Titles.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    async Task<int> SeedCatalogueAsync(CancellationToken ct)
    {
        var added = 0;
        await Parallel.ForEachAsync(DemoCatalog.Titles, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (title, token) =>
        {
            var grain = grains.Grain<ITitleGrain>(title.TitleId);
            if (await grain.GetAsync(token) is null)
            {
                await grain.UpsertAsync(title, token);
                Interlocked.Increment(ref added);
            }
        });
        return added;
    }

    async Task SeedMemberAsync(CancellationToken ct)
    {
        var (email, password) = (demo.Value.MemberEmail, demo.Value.MemberPassword);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        var member = await AccountBootstrap.EnsureAsync(
            grains,
            new NewAccount(email, "Demo Member", Plan.Premium, "US", new NewProfile("Demo", MaturityRatings.Adult, false, ["Sci-Fi", "Comedy"])),
            password,
            [],
            ct);
        if (!member.Profiles.Any(p => p.IsKids))
        {
            await grains.Grain<IAccountGrain>(member.AccountId)
                .AddProfileAsync(new NewProfile("Kids", MaturityRatings.KidsMax, true, ["Animation", "Family"]), ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Added} of {Total} demo titles added, demo member ready")]
    static partial void LogSeeded(ILogger logger, int added, int total);
}
