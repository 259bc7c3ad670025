namespace Marquee.Api.Hosting;

/// <summary>
/// Validation errors keyed like the JSON fields they are about (<c>email</c>, <c>artwork[0].url</c>) rather than like
/// C# properties (<c>Email</c>): built-in minimal-API validation uses member names, which a JSON client never sees.
/// </summary>
internal static class ValidationErrorNaming
{
    public static IServiceCollection AddJsonNamedValidationErrors(this IServiceCollection services) =>
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var previous = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                if (context.ProblemDetails is HttpValidationProblemDetails validation)
                {
                    validation.Errors = Rename(validation.Errors);
                }
            };
        });

    internal static Dictionary<string, string[]> Rename(IDictionary<string, string[]> errors)
    {
        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var name = string.Join('.', key.Split('.').Select(CamelCase));
            renamed[name] = renamed.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        return renamed;
    }

    static string CamelCase(string segment) =>
        segment.Length > 0 && char.IsUpper(segment[0]) ? char.ToLowerInvariant(segment[0]) + segment[1..] : segment;
}
