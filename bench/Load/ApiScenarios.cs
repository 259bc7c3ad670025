using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marquee.Bench.Load;

/// <summary>A virtual user of the API: a member with a token, a profile and (for heartbeats) a live session.</summary>
internal sealed class Member
{
    public required string Token { get; init; }
    public required Guid ProfileId { get; init; }
    public string? SessionId { get; set; }
    public double Position { get; set; }
}

/// <summary>The API scenarios of the harness, against the embedded service's real routes.</summary>
internal sealed class ApiScenarios(Connections connections)
{
    static readonly string[] Devices = ["tv", "desktop", "mobile"];
    readonly List<Member> _members = [];
    readonly List<string> _titleIds = [];
    readonly List<string> _searchTerms = [];

    /// <summary>Signs up one member per virtual user and reads the catalogue the scenarios draw from.</summary>
    public async Task SetUpAsync(int users)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < users; i++)
        {
            var http = connections.For(i);
            var email = $"load-{run}-{i}@bench.local";
            const string password = "bench-Passw0rd!";
            await ExpectAsync(await http.PostAsJsonAsync("api/accounts", new
            {
                email,
                password,
                displayName = $"Load {i}",
                plan = "Premium",
                country = "US",
            }), HttpStatusCode.Created);
            var token = await ReadAsync(await http.PostAsJsonAsync("api/auth/token", new { email, password }));
            var accessToken = token.GetProperty("accessToken").GetString()!;
            using var profilesRequest = new HttpRequestMessage(HttpMethod.Get, "api/me/profiles");
            profilesRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            var profiles = await ReadAsync(await http.SendAsync(profilesRequest));
            var first = FirstArray(profiles).EnumerateArray().First();
            _members.Add(new Member { Token = accessToken, ProfileId = first.GetProperty("profileId").GetGuid() });
        }

        using var titlesRequest = Authorised(HttpMethod.Get, "api/titles?page=1&pageSize=50", 0);
        var titles = await ReadAsync(await connections.Any.SendAsync(titlesRequest));
        foreach (var title in FirstArray(titles).EnumerateArray())
        {
            _titleIds.Add(title.GetProperty("titleId").GetString()!);
            var name = title.GetProperty("name").GetString()!;
            _searchTerms.Add(name.Split(' ')[0].ToLowerInvariant());
        }

        if (_titleIds.Count == 0)
        {
            throw new InvalidOperationException("the catalogue is empty: is the demo data seeded?");
        }
    }

    /// <summary>Gives every user a live session for the heartbeat scenario.</summary>
    public async Task StartSessionsAsync()
    {
        for (var user = 0; user < _members.Count; user++)
        {
            var (sessionId, _) = await StartPlaybackAsync(user, _ => { });
            _members[user].SessionId = sessionId;
        }
    }

    /// <summary>
    /// Waits until the home page is ranked by a trained model (the sessions started in set-up give the trainer its first
    /// interactions), so the first training, a batch job that then repeats every ten minutes, runs before the measured
    /// phases instead of inside one of them. Each probe asks a different member: a home page is cached per profile.
    /// </summary>
    public async Task<bool> WaitForModelAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        for (var user = _members.Count - 1; user >= 0 && clock.Elapsed < within; user--)
        {
            using var request = Authorised(HttpMethod.Get, $"api/home?profileId={_members[user].ProfileId}", user);
            var home = await ReadAsync(await connections.For(user).SendAsync(request));
            if (home.TryGetProperty("modelVersion", out var version) && version.GetInt32() > 0)
            {
                return true;
            }

            // Waiting on a background job in another process: nothing to await but its visible effect.
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        return false;
    }

    public ScenarioOp TitleDetails => async (user, record, ct) =>
    {
        var id = _titleIds[Random.Shared.Next(_titleIds.Count)];
        await TimedGetAsync(user, $"api/titles/{id}?profileId={_members[user].ProfileId}", record, ct);
        return 1;
    };

    public ScenarioOp Search => async (user, record, ct) =>
    {
        var term = _searchTerms[Random.Shared.Next(_searchTerms.Count)];
        await TimedGetAsync(user, $"api/search?q={Uri.EscapeDataString(term)}&limit=10&profileId={_members[user].ProfileId}", record, ct);
        return 1;
    };

    /// <summary>An authenticated route that does nothing: what every gateway filter costs (Bench:GatewayFloor).</summary>
    public ScenarioOp GatewayFloor => async (user, record, ct) =>
    {
        await TimedGetAsync(user, "api/bench/floor", record, ct);
        return 1;
    };

    /// <summary>The same plus one co-hosted grain call (the member's account), without resilience pipeline or cache.</summary>
    public ScenarioOp GatewayFloorGrain => async (user, record, ct) =>
    {
        await TimedGetAsync(user, "api/bench/floor-grain", record, ct);
        return 1;
    };

    /// <summary>The same grain call through the Accounts resilience pipeline (bulkhead, breaker, timeout), as routes make it.</summary>
    public ScenarioOp GatewayFloorResilient => async (user, record, ct) =>
    {
        await TimedGetAsync(user, "api/bench/floor-resilient", record, ct);
        return 1;
    };

    public ScenarioOp Home => async (user, record, ct) =>
    {
        await TimedGetAsync(user, $"api/home?profileId={_members[user].ProfileId}", record, ct);
        return 1;
    };

    /// <summary>Start playback and fetch the manifest (both timed), then stop the session so the stream slot frees (counted, not timed).</summary>
    public ScenarioOp PlayStart => async (user, record, ct) =>
    {
        var (sessionId, manifestUrl) = await StartPlaybackAsync(user, record);
        await TimedGetAsync(user, manifestUrl, record, ct);
        using var stop = Authorised(HttpMethod.Post, $"api/playback/{sessionId}/stop", user);
        stop.Content = Json(new { positionSeconds = 1.0 });
        await ExpectAsync(await connections.For(user).SendAsync(stop, ct), HttpStatusCode.OK, HttpStatusCode.NoContent);
        return 3;
    };

    public ScenarioOp Heartbeat => async (user, record, ct) =>
    {
        var member = _members[user];
        member.Position += 10;
        using var request = Authorised(HttpMethod.Post, $"api/playback/{member.SessionId}/heartbeat", user);
        request.Content = Json(new { positionSeconds = member.Position, bitrateKbps = 5800, bufferingMs = 0 });
        var started = Stopwatch.GetTimestamp();
        using var response = await connections.For(user).SendAsync(request, ct);
        record(Stopwatch.GetTimestamp() - started);
        await ExpectAsync(response, HttpStatusCode.OK, HttpStatusCode.NoContent);
        return 1;
    };

    async Task<(string SessionId, string ManifestUrl)> StartPlaybackAsync(int user, Action<long> record)
    {
        var title = _titleIds[Random.Shared.Next(_titleIds.Count)];
        using var request = Authorised(HttpMethod.Post, "api/playback", user);
        request.Content = Json(new { profileId = _members[user].ProfileId, titleId = title, device = Devices[user % Devices.Length] });
        var started = Stopwatch.GetTimestamp();
        using var response = await connections.For(user).SendAsync(request);
        record(Stopwatch.GetTimestamp() - started);
        var body = await ReadAsync(response, HttpStatusCode.Created);
        return (body.GetProperty("sessionId").ToString(), body.GetProperty("manifestUrl").GetString()!);
    }

    async Task TimedGetAsync(int user, string path, Action<long> record, CancellationToken ct)
    {
        using var request = Authorised(HttpMethod.Get, path, user);
        var started = Stopwatch.GetTimestamp();
        using var response = await connections.For(user).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        record(Stopwatch.GetTimestamp() - started);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    // A sized body (Content-Length), as mobile and TV clients send; JsonContent would stream it chunked.
    static ByteArrayContent Json<T>(T body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    HttpRequestMessage Authorised(HttpMethod method, string path, int user)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _members[user].Token);
        return request;
    }

    static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using (response)
        {
            await ExpectAsync(response, expected);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    static async Task ExpectAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        if (!expected.Contains(response.StatusCode))
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new LoadException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        }
    }

    /// <summary>The first array in a body: the body itself, or the first array-valued property of a paged envelope.</summary>
    static JsonElement FirstArray(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array
            ? body
            : body.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value;
}
