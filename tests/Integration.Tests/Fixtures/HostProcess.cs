using System.Globalization;
using System.Net;
using System.Reflection;
using Marquee.Grains.Hosting;

namespace Marquee.Integration.Tests.Fixtures;

/// <summary>What every process of one test cluster shares: its Orleans identity and its Redis and PostgreSQL.</summary>
/// <param name="ClusterId">Orleans ClusterId: a new one per test keeps membership apart on a shared Redis.</param>
/// <param name="ServiceId">Orleans ServiceId: a new one per test keeps grain state apart in a shared database.</param>
/// <param name="Redis">Orleans:Redis, the membership and reminder store.</param>
/// <param name="Postgres">Orleans:Postgres, the grain state database.</param>
public sealed record ClusterSettings(string ClusterId, string ServiceId, string Redis, string Postgres)
{
    /// <summary>The token signing key the cluster's API instances share.</summary>
    public string SigningKey { get; init; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(36));

    /// <summary>The media URL signing key: the silos sign manifests with it and the API instances check media requests.</summary>
    public string MediaKey { get; init; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>A cluster of its own on the given servers.</summary>
    public static ClusterSettings New(RedisServer redis, PostgresServer postgres)
    {
        var id = $"test-{Guid.NewGuid():N}"[..17];
        return new(id, id, redis.Endpoint, postgres.ConnectionString);
    }
}

/// <summary>
/// A built host of this repository run as a child process (<c>dotnet Silo.dll</c> or <c>dotnet Api.dll</c>) on free
/// loopback ports, so that a test can SIGKILL it; ready when its /health/ready answers 200. Disposing kills it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>
    /// Bounds one /health/ready answer. Its checks (Orleans, Redis, PostgreSQL) can take several seconds in a host that is
    /// still JIT-compiling on a loaded 2-core machine; polls ask again anyway, but a test's last, single check must not
    /// fail only because the answer took more than a few seconds.
    /// </summary>
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    HostProcess(ChildProcess process, int webPort, int siloPort = 0, int gatewayPort = 0)
    {
        Process = process;
        WebPort = webPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    /// <summary>The built src/Silo the test project points at (same configuration as the tests).</summary>
    public static string SiloAssembly => BuiltAssembly("SiloAssembly");

    /// <summary>The built src/Api the test project points at.</summary>
    public static string ApiAssembly => BuiltAssembly("ApiAssembly");

    public ChildProcess Process { get; }

    public int WebPort { get; }

    /// <summary>Silo-to-silo port (silos only).</summary>
    public int SiloPort { get; }

    /// <summary>Client gateway port (silos only).</summary>
    public int GatewayPort { get; }

    public IPEndPoint Gateway => new(IPAddress.Loopback, GatewayPort);

    public Uri Web => new($"http://127.0.0.1:{WebPort}");

    /// <summary>Starts a silo of <paramref name="cluster"/>; <paramref name="settings"/> adds configuration (Orleans:Region = eu-west, ...).</summary>
    public static HostProcess StartSilo(string name, ClusterSettings cluster, IReadOnlyDictionary<string, string?>? settings = null)
    {
        int siloPort = FreePort.Next(), gatewayPort = FreePort.Next(), webPort = FreePort.Next();
        var environment = SiloEnvironment(cluster, settings);
        environment["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        var process = Run(name, SiloAssembly, ["--urls", $"http://127.0.0.1:{webPort}"], environment);
        return new HostProcess(process, webPort, siloPort, gatewayPort);
    }

    /// <summary>Starts the API in client mode: it finds the silos of <paramref name="cluster"/> through Redis.</summary>
    public static HostProcess StartApi(string name, ClusterSettings cluster, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var webPort = FreePort.Next();
        var environment = SiloEnvironment(cluster, settings);
        environment["Orleans__Mode"] = "Cluster";
        // Every API instance of a cluster must share the token signing key (the API is stateless).
        environment.TryAdd("Auth__SigningKey", cluster.SigningKey);
        var process = Run(name, ApiAssembly, ["--urls", $"http://127.0.0.1:{webPort}"], environment);
        return new HostProcess(process, webPort);
    }

    /// <summary>Runs a built host with the given arguments and environment, e.g. to see how it fails at start.</summary>
    public static ChildProcess Run(string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment) =>
        ChildProcess.Start(name, "dotnet", [assembly, .. arguments], environment, Path.GetDirectoryName(assembly));

    /// <summary>The environment that configures a host of <paramref name="cluster"/> (ASP.NET and Orleans keys).</summary>
    public static Dictionary<string, string?> SiloEnvironment(ClusterSettings cluster, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Orleans__ClusterId"] = cluster.ClusterId,
            ["Orleans__ServiceId"] = cluster.ServiceId,
            ["Orleans__Redis"] = cluster.Redis,
            ["Orleans__Postgres"] = cluster.Postgres,
            ["MediaUrls__SigningKey"] = cluster.MediaKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    /// <summary>Waits until /health/ready answers 200 (for a silo: it is an active member, Redis and PostgreSQL answer).</summary>
    public Task WaitReadyAsync(TimeSpan timeout) =>
        Poll.UntilAsync($"{Process.Name} to be ready at {Web}health/ready", timeout, async ct =>
        {
            if (Process.HasExited)
            {
                throw new Poll.GiveUpException($"{Process.Name} exited before it was ready");
            }

            return await ReadyStatusAsync(ct) == HttpStatusCode.OK;
        }, () => $"{Process.Name} output:{Environment.NewLine}{Process.Tail()}");

    /// <summary>The status code of one GET /health/ready.</summary>
    public async Task<HttpStatusCode> ReadyStatusAsync(CancellationToken ct = default)
    {
        using var response = await Http.GetAsync(new Uri(Web, "/health/ready"), ct);
        return response.StatusCode;
    }

    /// <summary>Writes the last output of each process to the test's output (call it when a test fails).</summary>
    public static void Report(ITestOutputHelper output, params HostProcess[] processes)
    {
        foreach (var process in processes)
        {
            var state = process.Process.ExitCode is { } code ? $"exited with code {code}" : "running";
            output.WriteLine($"--- {process.Process.Name} ({state})");
            output.WriteLine(process.Process.Tail(80));
        }
    }

    /// <summary>SIGKILL: the process dies without leaving the cluster, as when its machine fails.</summary>
    public void Kill() => Process.Kill();

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    static string BuiltAssembly(string key)
    {
        var path = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{Path.GetFileName(path)} is not built at {path}: build the solution in the configuration the tests run in.");
    }
}
