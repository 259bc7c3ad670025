using Marquee.History;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marquee.Grains.History;

/// <summary>The trending feed of one profile: activated by the profile's viewing stream (implicit subscription).</summary>
[Alias("history.trending-feed-grain")]
public interface ITrendingFeedGrain : IGrainWithGuidKey;

/// <summary>
/// Turns one profile's viewing stream into plays for the trending grain of each play's country. It orders the stream
/// with a <see cref="ViewingStreamCursor"/> (replays dropped, gaps filled from the history grain); the trending grain
/// drops any replay that still gets through (a new activation starts its cursor afresh) by event id. The plays go through
/// the silo's <see cref="ViewingFanIn"/>, which sends each country's plays of the whole silo in one call per interval.
/// </summary>
[ImplicitStreamSubscription(StreamNames.ViewingEvents)]
public sealed partial class TrendingFeedGrain(ViewingFanIn fanIn, ILogger<TrendingFeedGrain> logger)
    : Grain, ITrendingFeedGrain, IStreamSubscriptionObserver, IAsyncObserver<ViewingEvent>
{
    readonly ViewingStreamCursor _cursor = new();

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<ViewingEvent>().ResumeAsync(this);
    }

    public async Task OnNextAsync(ViewingEvent item, StreamSequenceToken? token = null)
    {
        var history = GrainFactory.Grain<IViewingHistoryGrain>(this.GetPrimaryKey());
        var events = await _cursor.AcceptAsync(item, after => history.GetSinceAsync(after, ViewingStreamCursor.ReadPageSize));
        foreach (var byCountry in events.Where(IsPlay).GroupBy(e => e.Country.ToUpperInvariant()))
        {
            fanIn.AddPlays(byCountry.Key, [.. byCountry.Select(e => new TrendingPlay(e.EventId, e.TitleId!, e.OccurredAt, Weight: 1))]);
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, this.GetPrimaryKey());
        return Task.CompletedTask;
    }

    /// <summary>A play is the start of a title with a known country; progress reports and searches do not count.</summary>
    static bool IsPlay(ViewingEvent e) =>
        e.Kind == ViewingEventKind.Start && e.TitleId is not null && ViewingEventRules.IsCountryCode(e.Country);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Viewing stream of profile {ProfileId} reported an error")]
    static partial void LogStreamError(ILogger logger, Exception exception, Guid profileId);
}
