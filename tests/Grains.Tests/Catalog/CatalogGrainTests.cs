using Marquee.Catalog;
using Marquee.Grains.Catalog;
using Marquee.Grains.Tests.Hosting;

namespace Marquee.Grains.Tests.Catalog;

[Collection(ClusterCollection.Name)]
public sealed class CatalogGrainTests(ClusterFixture fixture)
{
    ICatalogIndexGrain Index => fixture.Client.GetGrain<ICatalogIndexGrain>(CatalogIndex.Key);

    static TitleInfo Title(string id, string name = "A Test Title") => DemoCatalog.Titles[0] with { TitleId = id, Name = name };

    static string NewId() => $"t-{Guid.NewGuid():N}";

    /// <summary>Everything in the feed after a cursor (the index is shared by every test of the cluster).</summary>
    async Task<(List<TitleSummary> Upserted, List<string> Removed, Guid Epoch, long Version)> ReadAfterAsync(Guid epoch, long version)
    {
        var upserted = new List<TitleSummary>();
        var removed = new List<string>();
        CatalogChanges page;
        do
        {
            page = await Index.GetChangesAsync(epoch, version, 100);
            upserted.AddRange(page.Upserted);
            removed.AddRange(page.Removed);
            (epoch, version) = (page.Epoch, page.Version);
        }
        while (page.HasMore);

        return (upserted, removed, epoch, version);
    }

    [Fact]
    public async Task UpsertAsync_ThenGetAsync_ReturnsTheTitle()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<ITitleGrain>(id);

        await grain.UpsertAsync(Title(id));

        var stored = await grain.GetAsync();
        Assert.NotNull(stored);
        Assert.Equal("A Test Title", stored.Name);
        Assert.Equal(DemoCatalog.Titles[0].Renditions, stored.Renditions);
    }

    [Fact]
    public async Task UpsertAsync_WithAnotherTitlesId_Throws()
    {
        var grain = fixture.Client.GetGrain<ITitleGrain>(NewId());

        await Assert.ThrowsAsync<ArgumentException>(() => grain.UpsertAsync(Title(NewId())));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheTitleOnce()
    {
        var id = NewId();
        var grain = fixture.Client.GetGrain<ITitleGrain>(id);
        await grain.UpsertAsync(Title(id));

        Assert.True(await grain.DeleteAsync());
        Assert.False(await grain.DeleteAsync());
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task GetChangesAsync_FollowsUpsertsAndDeletesFromACursor()
    {
        var (_, _, epoch, version) = await ReadAfterAsync(Guid.Empty, 0);
        var (kept, changed, deleted) = (NewId(), NewId(), NewId());
        foreach (var id in new[] { kept, changed, deleted })
        {
            await fixture.Client.GetGrain<ITitleGrain>(id).UpsertAsync(Title(id));
        }

        await fixture.Client.GetGrain<ITitleGrain>(changed).UpsertAsync(Title(changed, "Renamed"));
        await fixture.Client.GetGrain<ITitleGrain>(deleted).DeleteAsync();

        var (upserted, removed, sameEpoch, _) = await ReadAfterAsync(epoch, version);

        Assert.Equal(epoch, sameEpoch);
        Assert.Contains(upserted, t => t.TitleId == kept);
        Assert.Equal("Renamed", Assert.Single(upserted, t => t.TitleId == changed).Name);
        Assert.DoesNotContain(upserted, t => t.TitleId == deleted);
        Assert.Contains(deleted, removed);
    }

    [Fact]
    public async Task GetChangesAsync_FromAnUnknownEpoch_StartsWithASnapshotOfEveryTitle()
    {
        var id = NewId();
        await fixture.Client.GetGrain<ITitleGrain>(id).UpsertAsync(Title(id));

        var first = await Index.GetChangesAsync(Guid.NewGuid(), long.MaxValue, 1);
        var (upserted, _, _, _) = await ReadAfterAsync(Guid.NewGuid(), 0);

        Assert.True(first.IsSnapshot);
        Assert.Single(first.Upserted);
        Assert.Contains(upserted, t => t.TitleId == id);
        Assert.Equal(upserted.Count, upserted.Select(t => t.TitleId).Distinct().Count());
    }

    [Fact]
    public void TitleSummary_CarriesWhatCardsAndFiltersNeed()
    {
        var title = DemoCatalog.Titles.First(t => t.LicensedCountries.Count > 0);

        var summary = TitleSummary.From(title);

        Assert.Equal(title.Artwork[0].Url, summary.ArtworkUrl);
        Assert.Equal(title.Renditions.Max(r => r.Height), summary.MaxHeight);
        Assert.True(summary.IsLicensedIn(title.LicensedCountries[0].ToLowerInvariant()));
        Assert.False(summary.IsLicensedIn("ZZ"));
    }
}
