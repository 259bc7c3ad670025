using Marquee.Catalog;
using Marquee.Grains.Hosting;
using Marquee.Hosting;
using Marquee.Integration.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>
/// The ADO.NET grain storage provider against Marquee's PostgreSQL schema, in an in-process silo: the contract the
/// schema implements (versions, conflicts, clear, delete, every kind of grain key), then a real grain's round trip.
/// </summary>
public sealed class AdoNetGrainStorageTests(PostgresServer postgres) : IAsyncLifetime
{
    const string DeletingStorage = "DeletingOnClear";
    const string StateName = "probe";

    readonly string _serviceId = $"storage-{Guid.NewGuid():N}"[..20];
    InProcessTestCluster _cluster = null!;

    public static TheoryData<string> KeyKinds => ["string", "long-string", "guid", "guid+extension", "integer", "integer+extension"];

    public async ValueTask InitializeAsync() => _cluster = await StartSiloAsync(_serviceId);

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task WriteThenRead_ForEveryKindOfGrainKey_RoundTripsTheStateAndCountsVersions(string keyKind)
    {
        var storage = Storage(StorageNames.Default);
        var grainId = NewGrainId(keyKind);
        var written = new GrainState<TitleInfo> { State = Title("first") };

        await storage.WriteStateAsync(StateName, grainId, written);
        var read = new GrainState<TitleInfo>();
        await storage.ReadStateAsync(StateName, grainId, read);
        read.State = read.State! with { Name = "second" };
        await storage.WriteStateAsync(StateName, grainId, read);
        var reread = new GrainState<TitleInfo>();
        await storage.ReadStateAsync(StateName, grainId, reread);

        Assert.Equal("1", written.ETag);
        Assert.True(reread.RecordExists);
        Assert.Equal("2", reread.ETag);
        Assert.Equivalent(Title("second"), reread.State);
    }

    [Fact]
    public async Task ReadStateAsync_ForAGrainNeverWritten_ReturnsNoRecordAndNoETag()
    {
        var read = new GrainState<TitleInfo>();

        await Storage(StorageNames.Default).ReadStateAsync(StateName, NewGrainId("string"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Fact]
    public async Task WriteStateAsync_WithAStaleETag_ThrowsInconsistentState()
    {
        var storage = Storage(StorageNames.Default);
        var grainId = NewGrainId("guid");
        await storage.WriteStateAsync(StateName, grainId, new GrainState<TitleInfo> { State = Title("v1") });
        var first = new GrainState<TitleInfo>();
        var second = new GrainState<TitleInfo>();
        await storage.ReadStateAsync(StateName, grainId, first);
        await storage.ReadStateAsync(StateName, grainId, second);

        await storage.WriteStateAsync(StateName, grainId, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, second));
    }

    [Fact]
    public async Task WriteStateAsync_WhenTwoActivationsBothSawNoRow_OnlyTheFirstWins()
    {
        var storage = Storage(StorageNames.Default);
        var grainId = NewGrainId("string");

        await storage.WriteStateAsync(StateName, grainId, new GrainState<TitleInfo> { State = Title("winner") });

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, grainId, new GrainState<TitleInfo> { State = Title("loser") }));
        var read = new GrainState<TitleInfo>();
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal("winner", read.State!.Name);
    }

    [Fact]
    public async Task ClearStateAsync_KeepsCountingVersions_SoAnETagFromBeforeTheClearConflicts()
    {
        var storage = Storage(StorageNames.Default);
        var grainId = NewGrainId("integer");
        var before = new GrainState<TitleInfo> { State = Title("v1") };
        await storage.WriteStateAsync(StateName, grainId, before);
        var stale = new GrainState<TitleInfo> { State = Title("stale"), ETag = before.ETag, RecordExists = true };

        await storage.ClearStateAsync(StateName, grainId, before);
        var afterClear = new GrainState<TitleInfo>();
        await storage.ReadStateAsync(StateName, grainId, afterClear);

        Assert.False(afterClear.RecordExists);
        Assert.Equal("2", afterClear.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));
        afterClear.State = Title("v3");
        await storage.WriteStateAsync(StateName, grainId, afterClear);
        Assert.Equal("3", afterClear.ETag);
    }

    [Fact]
    public async Task ClearStateAsync_WithDeleteStateOnClear_RemovesTheRow()
    {
        var storage = Storage(DeletingStorage);
        var key = $"title-{Guid.NewGuid():N}";
        var grainId = GrainId.Create("test.probe", key);
        var state = new GrainState<TitleInfo> { State = Title("v1") };
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);

        Assert.Null(state.ETag);
        Assert.Equal(0, await RowCountAsync(key));
        await storage.WriteStateAsync(StateName, grainId, new GrainState<TitleInfo> { State = Title("again") });
        Assert.Equal(1, await RowCountAsync(key));
    }

    [Fact]
    public async Task TitleGrain_WrittenThenDeactivated_ReadsItsStateBackFromPostgres()
    {
        var titleId = $"tt-{Guid.NewGuid():N}";
        var title = Title("Night Train") with { TitleId = titleId };
        var grain = _cluster.Client.GetGrain<ITitleGrain>(titleId);

        await grain.UpsertAsync(title, TestContext.Current.CancellationToken);
        await _cluster.DeactivateAsync(grain);
        var read = await grain.GetAsync(TestContext.Current.CancellationToken);

        Assert.Equivalent(title, read);
        Assert.True(await RowCountAsync(titleId) >= 1, "the title's state row is in PostgreSQL");
    }

    async Task<InProcessTestCluster> StartSiloAsync(string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        // No log files beside the test binaries: the test runs wherever it may only write its temp folder.
        builder.Options.ConfigureFileLogging = false;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Mode"] = "Embedded" })
            .Build();
        builder.ConfigureSilo((_, silo) =>
        {
            // The same provider set-up as a cluster silo (SiloHosting.UseClusterHosting).
            silo.AddPostgresGrainStorage(StorageNames.Default, postgres.ConnectionString);
            silo.AddPostgresGrainStorage(DeletingStorage, postgres.ConnectionString, deleteStateOnClear: true);
            silo.AddMemoryGrainStorage(StorageNames.PubSub);
            silo.UseInMemoryReminderService();
            silo.AddMarqueeGrains(configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    IGrainStorage Storage(string name) => _cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(name);

    async Task<long> RowCountAsync(string stringKey)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_grain_state WHERE service_id = @service AND grain_id_string = @key", connection);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.AddWithValue("key", stringKey);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static GrainId NewGrainId(string keyKind)
    {
        var type = GrainType.Create("test.probe");
        return keyKind switch
        {
            "string" => GrainId.Create(type, IdSpan.Create($"title-{Guid.NewGuid():N}")),
            // Longer than a btree entry may be: the unique index hashes the text parts.
            "long-string" => GrainId.Create(type, IdSpan.Create($"{Guid.NewGuid():N}{new string('k', 6000)}")),
            "guid" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
            "guid+extension" => GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "profile-1")),
            "integer" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64())),
            "integer+extension" => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64(), "eu-west")),
            _ => throw new ArgumentOutOfRangeException(nameof(keyKind), keyKind, "unknown key kind"),
        };
    }

    static TitleInfo Title(string name) => new(
        TitleId: "tt-probe",
        Name: name,
        Year: 2024,
        Genres: ["drama", "thriller"],
        Cast: ["A. Actor"],
        Synopsis: "A train crosses the night.",
        MaturityRating: 13,
        RuntimeMinutes: 104,
        Tags: ["slow-burn"],
        Artwork: [new ArtworkVariant("a1", "https://img.example/a1.jpg", ["dark"])],
        Renditions: [new Rendition(1920, 1080, 5800, "h264")],
        LicensedCountries: ["FR", "DE"],
        SizeGb: 4.2);
}
