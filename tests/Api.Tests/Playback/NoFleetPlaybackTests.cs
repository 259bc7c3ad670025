using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marquee.Accounts;
using Marquee.Api.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Marquee.Api.Tests.Playback.PlaybackSetup;

namespace Marquee.Api.Tests.Playback;

/// <summary>A host with no demo fleet and the origin turned off: nothing can serve.</summary>
public sealed class NoFleetApiFactory : WebApplicationFactory<Program>
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Orleans:Mode", "Embedded");
        builder.UseSetting("Orleans:SeedDemoData", "false");
        builder.UseSetting("Edge:FleetSimulator:Enabled", "false");
        builder.UseSetting("Edge:OriginBaseUrl", "");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public HttpClient CreateClientFor(Guid accountId, params string[] roles)
    {
        var token = Services.GetRequiredService<TokenIssuer>().Issue(accountId, $"{accountId:N}@test.local", roles.Length == 0 ? [Roles.Member] : roles);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }
}

public sealed class NoFleetPlaybackTests(NoFleetApiFactory factory) : IClassFixture<NoFleetApiFactory>
{
    [Fact]
    public async Task Start_WhenNoNodeCanServe_Returns503WithAReason()
    {
        using var member = await MemberAsync(factory.Services, factory.CreateClientFor);
        var title = await TitleAsync(factory.Services);

        using var response = await member.Client.PostAsJsonAsync("/api/playback", Play(member.ProfileId, title), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("No node can serve this title", problem.GetProperty("title").GetString());
    }
}
