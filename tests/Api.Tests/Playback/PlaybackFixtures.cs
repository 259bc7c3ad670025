using System.Net.Http.Json;
using System.Text.Json;
using Marquee.Accounts;
using Marquee.Api.Edge;
using Marquee.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Marquee.Api.Tests.Playback;

/// <summary>Accounts, titles and fleet health for playback tests, made through the grains (each test its own).</summary>
internal static class PlaybackSetup
{
    public static readonly Rendition[] FullLadder =
    [
        new(640, 360, 800, "h264"),
        new(1280, 720, 3000, "h264"),
        new(1920, 1080, 5800, "h264"),
        new(3840, 2160, 16000, "hevc"),
    ];

    public sealed record Member(Guid AccountId, Guid ProfileId, HttpClient Client) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    public static async Task<Member> MemberAsync(
        IServiceProvider services, Func<Guid, string[], HttpClient> clientFor, Plan plan = Plan.Premium,
        BillingState billing = BillingState.Active, string country = "US", int maturity = 18)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var accountId = Guid.NewGuid();
        var account = grains.GetGrain<IAccountGrain>(accountId);
        var created = await account.CreateAsync(
            new NewAccount($"{accountId:N}@playback.test", "Player", plan, country, new NewProfile("Main", maturity, false, [])),
            "playback-Passw0rd!");
        if (billing != BillingState.Active)
        {
            await account.SetBillingStateAsync(billing);
        }

        return new Member(accountId, created.Profiles[0].ProfileId, clientFor(accountId, [Roles.Member]));
    }

    /// <summary>A title of its own (on no edge: storage serves it) with the given ladder.</summary>
    public static async Task<string> TitleAsync(IServiceProvider services, IReadOnlyList<Rendition>? ladder = null, int rating = 0)
    {
        var id = $"pb-{Guid.NewGuid():N}";
        await services.GetRequiredService<IGrainFactory>().GetGrain<ITitleGrain>(id).UpsertAsync(new TitleInfo(
            id, "Playback test", 2024, ["Drama"], [], "A test title.", rating, 100, [], [], ladder ?? FullLadder, [], 12));
        return id;
    }

    /// <summary>Fresh health for the demo fleet: other tests of the collection move the shared clock.</summary>
    public static Task RefreshFleetAsync(IServiceProvider services) =>
        services.GetRequiredService<DemoFleetSeeder>().ReportAsync(DemoHealth.Steady, CancellationToken.None);

    public static object Play(Guid profileId, string titleId, string device = "tv", double? latitude = null, double? longitude = null) =>
        new { profileId, titleId, device, latitude, longitude };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name.ToLowerInvariant())];
}
