using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Validation;

#pragma warning disable ASP0029 // The resolver API of Microsoft.Extensions.Validation is marked for evaluation in .NET 10.

namespace Marquee.Api.Hosting;

/// <summary>
/// Keeps the validation metadata of a type once it is built. The source-generated resolver of
/// <c>AddValidation()</c> builds a new description of a type (its properties, their attributes) every time it is
/// asked, and the validation filter asks on every request: on <c>POST /api/playback</c> that was about a tenth of the
/// request's allocations. The descriptions are immutable, so the first answer per type is kept and reused.
/// </summary>
internal static class ValidationInfoCache
{
    /// <summary>Puts the resolvers <c>AddValidation()</c> registered behind one cache, in their order.</summary>
    public static IServiceCollection AddValidationInfoCache(this IServiceCollection services) =>
        services.PostConfigure<ValidationOptions>(options =>
        {
            if (options.Resolvers is [CachingResolver])
            {
                return;
            }

            var inner = new CachingResolver([.. options.Resolvers]);
            options.Resolvers.Clear();
            options.Resolvers.Add(inner);
        });

    internal sealed class CachingResolver(IReadOnlyList<IValidatableInfoResolver> resolvers) : IValidatableInfoResolver
    {
        readonly ConcurrentDictionary<Type, IValidatableInfo?> _types = new();

        public bool TryGetValidatableTypeInfo(Type type, [NotNullWhen(true)] out IValidatableInfo? validatableInfo)
        {
            if (!_types.TryGetValue(type, out validatableInfo))
            {
                validatableInfo = _types.GetOrAdd(type, First(type));
            }

            return validatableInfo is not null;
        }

        // Asked once per endpoint parameter when the endpoint is built, not per request: passed through.
        public bool TryGetValidatableParameterInfo(ParameterInfo parameterInfo, [NotNullWhen(true)] out IValidatableInfo? validatableInfo)
        {
            foreach (var resolver in resolvers)
            {
                if (resolver.TryGetValidatableParameterInfo(parameterInfo, out validatableInfo))
                {
                    return true;
                }
            }

            validatableInfo = null;
            return false;
        }

        IValidatableInfo? First(Type type)
        {
            foreach (var resolver in resolvers)
            {
                if (resolver.TryGetValidatableTypeInfo(type, out var info))
                {
                    return info;
                }
            }

            return null;
        }
    }
}
