using Marquee.Api.Catalog;
using Marquee.Api.Tests.Hosting;
using Marquee.Catalog;
using Marquee.Grains.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Marquee.Api.Tests.Catalog;

/// <summary>A replica that did not make a change (another API instance) follows the catalogue's change feed.</summary>
[Collection(ApiCollection.Name)]
public sealed class CatalogReplicaTests(ApiFactory factory)
{
    IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public async Task SyncAsync_OnAnotherReplica_PicksUpCreatesRenamesAndDeletes()
    {
        using var other = new CatalogReplica(Grains, NullLogger<CatalogReplica>.Instance);
        await other.SyncAsync(TestContext.Current.CancellationToken);
        Assert.True(other.Count >= DemoCatalog.Titles.Count);
        var id = $"t-{Guid.NewGuid():N}";
        var title = DemoCatalog.Titles[0] with { TitleId = id, Name = "Marrowind Crossing", LicensedCountries = [] };

        await Grains.GetGrain<ITitleGrain>(id).UpsertAsync(title, TestContext.Current.CancellationToken);
        await other.SyncAsync(TestContext.Current.CancellationToken);
        var created = other.Search("marowind", "US", 18, 5);

        await Grains.GetGrain<ITitleGrain>(id).UpsertAsync(title with { Name = "Tallowmere" }, TestContext.Current.CancellationToken);
        await other.SyncAsync(TestContext.Current.CancellationToken);
        var renamed = other.Search("tallowmere", "US", 18, 5);

        await Grains.GetGrain<ITitleGrain>(id).DeleteAsync(TestContext.Current.CancellationToken);
        await other.SyncAsync(TestContext.Current.CancellationToken);

        Assert.Equal(id, Assert.Single(created).Title.TitleId);
        Assert.Equal("Tallowmere", Assert.Single(renamed).Title.Name);
        Assert.Empty(other.Search("marrowind", "US", 18, 5));
        Assert.Empty(other.Search("tallowmere", "US", 18, 5));
        Assert.Null(other.Find(id));
    }

    [Fact]
    public async Task Browse_PagesTheVisibleTitlesByName()
    {
        using var replica = new CatalogReplica(Grains, NullLogger<CatalogReplica>.Instance);
        await replica.SyncAsync(TestContext.Current.CancellationToken);

        var (first, total) = replica.Browse("western", "US", 18, page: 1, pageSize: 3);
        var (rest, _) = replica.Browse("Western", "US", 18, page: 2, pageSize: 3);

        Assert.Equal(DemoCatalog.Titles.Count(t => t.Genres.Contains("Western") && t.IsLicensedIn("US")), total);
        var names = first.Concat(rest).Select(t => t.Name).ToList();
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
        Assert.Empty(replica.Browse("western", "US", 0, 1, 10).Items);
    }
}
