namespace Marquee.Api.Gateway;

/// <summary>A part of the cluster the API calls; each has its own resilience pipeline and <c>Resilience:&lt;name&gt;</c> settings.</summary>
public enum Dependency
{
    /// <summary>Accounts, profiles, sign-up and login.</summary>
    Accounts = 0,

    /// <summary>Title details and the catalogue index.</summary>
    Catalog = 1,

    /// <summary>The search index.</summary>
    Search = 2,

    /// <summary>Playback sessions, stream limits, steering.</summary>
    Playback = 3,

    /// <summary>Viewing history and resume points.</summary>
    History = 4,

    /// <summary>Recommendation rows of the home page.</summary>
    Recommendations = 5,
}

/// <summary>Why a dependency call did not get an answer.</summary>
public enum DependencyFailureReason
{
    /// <summary>The circuit breaker is open after recent failures: the call was not attempted.</summary>
    CircuitOpen = 0,

    /// <summary>The bulkhead (concurrency limit) is full: the call was not attempted.</summary>
    Saturated = 1,

    /// <summary>The call did not answer within the pipeline's timeout.</summary>
    Timeout = 2,

    /// <summary>The cluster failed the call (silo unavailable, connection lost, injected fault).</summary>
    Failed = 3,
}

/// <summary>What a fallback is told about the failure it stands in for.</summary>
public readonly record struct DependencyFailure(Dependency Dependency, DependencyFailureReason Reason, Exception Exception);

/// <summary>The names used in configuration, metrics and problem details.</summary>
public static class Dependencies
{
    /// <summary>Every dependency, in enum order.</summary>
    public static IReadOnlyList<Dependency> All { get; } = Enum.GetValues<Dependency>();

    static readonly string[] Names = [.. Enum.GetValues<Dependency>().Select(d => d.ToString())];

    static readonly string[] ReasonNames = ["circuit_open", "saturated", "timeout", "failed"];

    /// <summary>The dependency's name (its <c>Resilience:&lt;name&gt;</c> section and pipeline name).</summary>
    public static string Name(Dependency dependency) => Names[(int)dependency];

    /// <summary>The reason's name in metrics and problem details.</summary>
    public static string Name(DependencyFailureReason reason) => ReasonNames[(int)reason];
}

/// <summary>A dependency could not answer (and no fallback was given): mapped to 503 problem details with Retry-After.</summary>
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException(Dependency dependency, DependencyFailureReason reason, TimeSpan retryAfter, Exception innerException)
        : base(Describe(dependency, reason, retryAfter), innerException)
    {
        Dependency = dependency;
        Reason = reason;
        RetryAfter = retryAfter;
    }

    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Dependency Dependency { get; }

    public DependencyFailureReason Reason { get; }

    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);

    public string DependencyName => Dependencies.Name(Dependency).ToLowerInvariant();

    public string ReasonName => Dependencies.Name(Reason);

    static string Describe(Dependency dependency, DependencyFailureReason reason, TimeSpan retryAfter)
    {
        var why = reason switch
        {
            DependencyFailureReason.CircuitOpen => "its circuit breaker is open after recent failures",
            DependencyFailureReason.Saturated => "it is at its concurrency limit",
            DependencyFailureReason.Timeout => "it did not answer in time",
            _ => "the cluster failed the call",
        };
        return $"The {Dependencies.Name(dependency).ToLowerInvariant()} service cannot answer now: {why}. Retry in {GatewayProblems.RetryAfterSeconds(retryAfter)} s.";
    }
}

/// <summary>The fault the chaos strategy injects when <c>Resilience:&lt;name&gt;:Chaos:FaultRate</c> is above zero.</summary>
public sealed class InjectedFaultException : Exception
{
    public InjectedFaultException()
        : base("Chaos: an injected fault.")
    {
    }

    public InjectedFaultException(string message)
        : base(message)
    {
    }

    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
