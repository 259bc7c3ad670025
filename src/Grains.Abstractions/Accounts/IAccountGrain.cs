namespace Marquee.Accounts;

/// <summary>One member account, keyed by its account id: plan, billing state, roles and profiles.</summary>
[Alias("accounts.account-grain")]
public interface IAccountGrain : IGrainWithGuidKey
{
    /// <summary>The account as other parts may see it, or null when it does not exist.</summary>
    [Alias("get")] Task<AccountInfo?> GetAsync(CancellationToken ct = default);
}
