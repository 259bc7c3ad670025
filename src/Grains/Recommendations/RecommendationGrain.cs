using Marquee.Grains.History;
using Marquee.History;
using Marquee.Hosting;
using Marquee.Recommendations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marquee.Grains.Recommendations;

/// <summary>
/// One profile's recommendations (key: profile id). It is an implicit subscriber of the profile's viewing stream: each
/// event passes a <see cref="ViewingStreamCursor"/> (replays dropped by sequence, gaps read back from the history grain)
/// and an event-id set (replays of unsequenced events), then updates the profile's taste, feeds the interaction log
/// the trainer learns from (through the silo's <see cref="ViewingFanIn"/>: one call per interval for the whole silo),
/// and rewards the artwork the profile was shown. <see cref="GetHomeAsync"/> assembles the whole home page here, in
/// one call, with the silo's shared model (<see cref="ModelHolder"/>).
/// </summary>
[ImplicitStreamSubscription(StreamNames.ViewingEvents)]
public sealed partial class RecommendationGrain(
    ModelHolder models,
    TitleCatalogCache catalog,
    ViewingFanIn fanIn,
    IOptions<RecommendationServiceOptions> options,
    TimeProvider clock,
    ILogger<RecommendationGrain> logger)
    : Grain, IRecommendationGrain, IStreamSubscriptionObserver, IAsyncObserver<ViewingEvent>
{
    const int MaxShownTitles = 2_000;

    readonly Dictionary<string, Interaction> _taste = new(StringComparer.Ordinal);
    readonly RecentIdSet _seen = new(2_000);
    readonly Dictionary<string, string> _shownInSegment = new(StringComparer.Ordinal);
    readonly HomeRowsBuilder _builder = new(options.Value);
    ViewingStreamCursor _cursor = new();
    long _eventsApplied;
    long _plays;
    long _gapReads;
    string? _segment;

    Guid ProfileId => this.GetPrimaryKey();

    IViewingHistoryGrain History => GrainFactory.Grain<IViewingHistoryGrain>(ProfileId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The history store is the truth: start from the recent history, then let the cursor take the stream from its
        // last sequence on (anything at or below it is a replay of what was just read).
        IReadOnlyList<ViewingEvent> recent;
        try
        {
            recent = await History.GetRecentAsync(options.Value.HistoryOnActivation, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // History unreachable (its store is down): start without the past instead of failing the home page. The
            // cursor at 0 takes the next delivered event as its start; the past comes back on the next activation.
            LogStartedWithoutHistory(logger, ex, ProfileId);
            recent = [];
        }

        foreach (var e in recent.OrderBy(e => e.Sequence).ThenBy(e => e.OccurredAt))
        {
            Apply(e);
        }

        _cursor = new ViewingStreamCursor(recent.Count == 0 ? 0 : recent.Max(e => e.Sequence));

        // The event that activated this grain is among those just read (the stream then delivers it as a replay), so
        // the log gets the loaded interactions here; it skips the ones it already holds unchanged.
        var forLog = recent.Where(IsLogged)
            .Select(e => new InteractionRecord(ProfileId, e.TitleId!, e.OccurredAt, e.Completion, e.Device, e.LocalHour)).ToList();
        if (forLog.Count > 0)
        {
            fanIn.AddInteractions(forLog);
        }
    }

    static bool IsLogged(ViewingEvent e) =>
        e.TitleId is not null && e.Kind is ViewingEventKind.Start or ViewingEventKind.Stop or ViewingEventKind.Expired;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        ArgumentNullException.ThrowIfNull(handleFactory);
        await handleFactory.Create<ViewingEvent>().ResumeAsync(this);
    }

    public async Task OnNextAsync(ViewingEvent item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        var history = History;
        var events = await _cursor.AcceptAsync(item, after => history.GetSinceAsync(after, ViewingStreamCursor.ReadPageSize));
        _gapReads += events.Count(e => e.EventId != item.EventId);
        var forLog = new List<InteractionRecord>();
        var plays = new List<ViewingEvent>();
        foreach (var e in events)
        {
            if (!Apply(e) || e.TitleId is null)
            {
                continue;
            }

            if (IsLogged(e))
            {
                forLog.Add(new InteractionRecord(ProfileId, e.TitleId, e.OccurredAt, e.Completion, e.Device, e.LocalHour));
            }

            if (e.Kind == ViewingEventKind.Start)
            {
                plays.Add(e);
            }
        }

        if (forLog.Count > 0)
        {
            fanIn.AddInteractions(forLog);
        }

        foreach (var play in plays)
        {
            if (_shownInSegment.Remove(play.TitleId!, out var segment))
            {
                await GrainFactory.Grain<IArtworkGrain>(segment).PlayedAsync(ProfileId, play.TitleId!, play.OccurredAt);
            }
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex, ProfileId);
        return Task.CompletedTask;
    }

    public async Task<HomePage> GetHomeAsync(HomeRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = await catalog.GetAsync(ct);
        var model = models.For(request.UseNewestModel);
        var country = request.Country.ToUpperInvariant();
        // Continue watching comes from the history itself, not from this grain's stream-fed copy: a play stopped a moment
        // ago is durable there before the stop is answered, and may still be on its way down the stream.
        // Each source is optional: a page without trending or without Continue Watching beats no page (the row is
        // left out, the failure logged), so an outage of one of them does not send the member to the API's fallback.
        var trendingCall = OrNothingAsync(GrainFactory.Grain<ITrendingGrain>(country).GetTopAsync(options.Value.RowSize * 3, ct), "trending", ct);
        var resumeCall = OrNothingAsync(History.GetContinueWatchingAsync(options.Value.RowSize * 2, ct), "continue watching", ct);
        var trending = await trendingCall;
        var resume = await resumeCall;
        var history = _taste.Values.ToList();
        var rows = _builder.Build(new HomeInputs(view, model, history, trending, request, clock.GetUtcNow(), resume));

        // Artwork: one choice per distinct title on the page, in one call to the profile's taste segment.
        var segment = HomeRowsBuilder.Segment(view, history, request.FavouriteGenres);
        _segment = segment;
        var titles = rows.SelectMany(r => r.Items).Select(i => i.TitleId).Distinct(StringComparer.Ordinal)
            .Select(id => view.Find(id)).OfType<CatalogTitle>().Where(t => t.Artwork.Count > 0).ToList();
        // Without the artwork grain every card keeps its title's default artwork.
        var chosen = titles.Count == 0
            ? []
            : await OrNothingAsync(GrainFactory.Grain<IArtworkGrain>(segment).ChooseAsync(
                ProfileId, [.. titles.Select(t => new ArtworkChoice(t.Summary.TitleId, [.. t.Artwork.Select(a => a.Id)]))], ct), "artwork", ct);
        var artwork = new Dictionary<string, (string Id, string Url)>(StringComparer.Ordinal);
        for (var i = 0; i < chosen.Count; i++)
        {
            if (chosen[i] is { } variantId && titles[i].Artwork.FirstOrDefault(a => a.Id == variantId) is { } variant)
            {
                artwork[titles[i].Summary.TitleId] = (variant.Id, variant.Url);
            }
        }

        if (_shownInSegment.Count > MaxShownTitles)
        {
            _shownInSegment.Clear();
        }

        foreach (var titleId in artwork.Keys)
        {
            _shownInSegment[titleId] = segment;
        }

        var withArtwork = rows.Select(r => r with
        {
            Items = [.. r.Items.Select(item => artwork.TryGetValue(item.TitleId, out var a) ? item with { ArtworkId = a.Id, ArtworkUrl = a.Url } : item)],
        }).ToList();
        return new HomePage(withArtwork, model?.Version ?? 0, segment);
    }

    /// <summary>The call's answer, or an empty list (logged) when the grain behind it fails; the caller's cancellation still throws.</summary>
    async Task<IReadOnlyList<T>> OrNothingAsync<T>(Task<IReadOnlyList<T>> call, string source, CancellationToken ct)
    {
        try
        {
            return await call;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogSourceUnavailable(logger, ex, ProfileId, source);
            return [];
        }
    }

    public async Task RecordImpressionAsync(string titleId, string artworkId, CancellationToken ct = default)
    {
        var view = await catalog.GetAsync(ct);
        // The segment of the last home page (it knows the picked genres), else the one of the watched genres.
        var segment = _segment ?? HomeRowsBuilder.Segment(view, [.. _taste.Values], []);
        await GrainFactory.Grain<IArtworkGrain>(segment).ShownAsync(ProfileId, titleId, artworkId, ct);
        _shownInSegment[titleId] = segment;
    }

    public Task<RecommendationFeedStats> GetFeedStatsAsync(CancellationToken ct = default) =>
        Task.FromResult(new RecommendationFeedStats(_eventsApplied, _plays, _taste.Count, _cursor.LastSequence, _gapReads));

    /// <summary>Takes one event into the profile's taste, once per event id; false for a replay.</summary>
    bool Apply(ViewingEvent e)
    {
        if (!_seen.Add(e.EventId))
        {
            return false;
        }

        _eventsApplied++;
        if (e.TitleId is null || !ViewingEventKinds.CarriesProgress(e.Kind))
        {
            return true;
        }

        if (e.Kind == ViewingEventKind.Start)
        {
            _plays++;
        }

        if (!_taste.TryGetValue(e.TitleId, out var known) || known.At <= e.OccurredAt)
        {
            _taste[e.TitleId] = new Interaction(ProfileId.ToString("N"), e.TitleId, e.OccurredAt, e.Completion, e.Device, e.LocalHour);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home page of profile {ProfileId}: {Source} could not be read; the page goes on without it")]
    static partial void LogSourceUnavailable(ILogger logger, Exception exception, Guid profileId, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recommendations of profile {ProfileId} started without its history (unreadable); the taste builds up from new events")]
    static partial void LogStartedWithoutHistory(ILogger logger, Exception exception, Guid profileId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Viewing stream of profile {ProfileId} reported an error to its recommendation grain")]
    static partial void LogStreamError(ILogger logger, Exception exception, Guid profileId);
}
