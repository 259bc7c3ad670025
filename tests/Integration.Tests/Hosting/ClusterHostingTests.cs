using Marquee.Grains.Hosting;
using Marquee.Integration.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Storage;

namespace Marquee.Integration.Tests.Hosting;

/// <summary>The cluster composition itself (SiloHosting.UseClusterHosting), hosted in-process on the real servers.</summary>
public sealed class ClusterHostingTests(RedisServer redis, PostgresServer postgres)
{
    [Fact]
    public async Task UseClusterHosting_PublishesTheRegion_KeepsRemindersInRedis_AndStateInPostgres()
    {
        var cluster = ClusterSettings.New(redis, postgres);
        var options = new OrleansHostingOptions
        {
            Mode = "Cluster",
            ClusterId = cluster.ClusterId,
            ServiceId = cluster.ServiceId,
            Redis = cluster.Redis,
            Postgres = cluster.Postgres,
            Region = "eu-west",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:Metadata:tier"] = "edge" });
        builder.UseOrleans(silo => silo.UseClusterHosting(options).AddMarqueeGrains(builder.Configuration));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var self = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
            var metadata = await Poll.UntilAsync("the silo's own metadata in its metadata cache", TimeSpan.FromSeconds(60), _ =>
            {
                var entries = host.Services.GetRequiredService<ISiloMetadataCache>().GetSiloMetadata(self).Metadata;
                return Task.FromResult(entries.IsEmpty ? null : entries);
            });
            var reminders = host.Services.GetRequiredService<IReminderTable>();
            var grainId = GrainId.Create("test.reminder", Guid.NewGuid().ToString("N"));
            var etag = await reminders.UpsertRow(new ReminderEntry
            {
                GrainId = grainId,
                ReminderName = "renew",
                StartAt = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc),
                Period = TimeSpan.FromMinutes(5),
            }, TestContext.Current.CancellationToken);
            var reminder = await reminders.ReadRow(grainId, "renew", TestContext.Current.CancellationToken);

            Assert.Equal("eu-west", metadata[SiloHosting.RegionMetadataKey]);
            Assert.Equal("edge", metadata["tier"]);
            Assert.Equal("Orleans.Reminders.Redis.RedisReminderTable", reminders.GetType().FullName);
            Assert.Equal(etag, reminder?.ETag);
            Assert.IsType<AdoNetGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(Marquee.Hosting.StorageNames.Default));
            Assert.IsType<AdoNetGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(Marquee.Hosting.StorageNames.PubSub));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
