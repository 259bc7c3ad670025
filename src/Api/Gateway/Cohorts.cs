using System.IO.Hashing;
using Microsoft.Extensions.Options;

namespace Marquee.Api.Gateway;

/// <summary>Which implementation a member gets while a new one is rolled out (canary / beta routing).</summary>
public enum Cohort
{
    /// <summary>The current implementation.</summary>
    Stable = 0,

    /// <summary>The next implementation (e.g. the next recommendation model version).</summary>
    Beta = 1,
}

/// <summary>
/// Puts each member in a cohort from a stable hash of the account id, so a member stays in the same cohort on every
/// request and every API instance. The percentage and the beta list reload at runtime (<c>Gateway:Cohorts</c>).
/// </summary>
public sealed class CohortService : IDisposable
{
    /// <summary>Hash buckets: a percentage has two decimals.</summary>
    public const int Buckets = 10_000;

    readonly IDisposable? _subscription;
    volatile Snapshot _current;

    public CohortService(IOptionsMonitor<CohortOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _current = new Snapshot(options.CurrentValue);
        _subscription = options.OnChange(o => _current = new Snapshot(o));
    }

    /// <summary>The member's cohort.</summary>
    public Cohort For(Guid accountId)
    {
        var current = _current;
        return current.Forced.Contains(accountId) || Bucket(accountId, current.Seed) < current.BetaBuckets
            ? Cohort.Beta
            : Cohort.Stable;
    }

    /// <summary>Picks the cohort's implementation: <c>cohorts.Pick(member.AccountId, modelV1, modelV2)</c>.</summary>
    public T Pick<T>(Guid accountId, T stable, T beta) => For(accountId) == Cohort.Beta ? beta : stable;

    /// <summary>The account's bucket in [0, <see cref="Buckets"/>): XxHash32 of the id's 16 bytes with the seed.</summary>
    public static int Bucket(Guid accountId, int seed)
    {
        Span<byte> bytes = stackalloc byte[16];
        accountId.TryWriteBytes(bytes);
        return (int)(XxHash32.HashToUInt32(bytes, seed) % Buckets);
    }

    /// <summary>The header value for a cohort.</summary>
    public static string Name(Cohort cohort) => cohort == Cohort.Beta ? "beta" : "stable";

    public void Dispose() => _subscription?.Dispose();

    sealed class Snapshot(CohortOptions options)
    {
        public int BetaBuckets { get; } = (int)Math.Round(options.BetaPercent * (Buckets / 100));

        public int Seed { get; } = options.Seed;

        public HashSet<Guid> Forced { get; } = [.. options.BetaAccounts];
    }
}
