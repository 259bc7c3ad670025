using Marquee.Api.Accounts;
using Marquee.Api.Hosting;
using Marquee.Api.Playback;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

#pragma warning disable ASP0029 // The resolver API of Microsoft.Extensions.Validation is marked for evaluation in .NET 10.

namespace Marquee.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class ValidationInfoCacheTests(ApiFactory factory)
{
    ValidationOptions Options => factory.Services.GetRequiredService<IOptions<ValidationOptions>>().Value;

    [Fact]
    public void TheApisResolvers_SitBehindOneCache()
    {
        var resolver = Assert.Single(Options.Resolvers);

        Assert.IsType<ValidationInfoCache.CachingResolver>(resolver);
    }

    [Fact]
    public void ARequestType_IsDescribedOnce_AndTheSameDescriptionIsReusedAfterwards()
    {
        Assert.True(Options.TryGetValidatableTypeInfo(typeof(StartPlaybackRequest), out var first));
        Assert.True(Options.TryGetValidatableTypeInfo(typeof(StartPlaybackRequest), out var second));

        Assert.Same(first, second);
    }

    [Fact]
    public void ATypeWithoutRules_StaysUnvalidated_WhenAskedAgain()
    {
        Assert.False(Options.TryGetValidatableTypeInfo(typeof(Uri), out _));
        Assert.False(Options.TryGetValidatableTypeInfo(typeof(Uri), out var again));

        Assert.Null(again);
    }

    [Fact]
    public void TheCache_AnswersWhatTheResolversBehindItAnswer()
    {
        var inner = new CountingResolver();
        var cache = new ValidationInfoCache.CachingResolver([inner]);

        Assert.False(cache.TryGetValidatableTypeInfo(typeof(SignUpRequest), out _));
        Assert.False(cache.TryGetValidatableTypeInfo(typeof(SignUpRequest), out _));

        Assert.Equal(1, inner.TypeQuestions);
    }

    sealed class CountingResolver : IValidatableInfoResolver
    {
        public int TypeQuestions { get; private set; }

        public bool TryGetValidatableTypeInfo(Type type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IValidatableInfo? validatableInfo)
        {
            TypeQuestions++;
            validatableInfo = null;
            return false;
        }

        public bool TryGetValidatableParameterInfo(System.Reflection.ParameterInfo parameterInfo, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IValidatableInfo? validatableInfo)
        {
            validatableInfo = null;
            return false;
        }
    }
}
