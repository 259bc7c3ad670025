using Marquee.History;
using Marquee.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Marquee.Grains.History;

/// <summary>
/// One profile's history. The store holds every event; the grain holds only a recent window (quick replays, recent
/// events) and the progress of the most recent titles (continue-watching), both rebuilt from the store on activation.
/// Order of a record: check, number (per-profile sequence), store (durable), remember, then publish on the stream.
/// </summary>
public sealed partial class ViewingHistoryGrain(
    IViewingEventStore store,
    IOptions<HistoryOptions> options,
    ILogger<ViewingHistoryGrain> logger) : Grain, IViewingHistoryGrain
{
    const int MaxPageSize = 100;
    const int MaxSinceRead = 1000;

    readonly HistoryOptions _options = options.Value;
    RecentWindow _window = null!;
    ContinueWatchingTracker _progress = null!;
    IAsyncStream<ViewingEvent> _stream = null!;
    long _lastSequence;
    bool _sequenceUncertain;

    Guid ProfileId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _window = new RecentWindow(_options.RecentWindow);
        _progress = new ContinueWatchingTracker(_options.TrackedTitles, _options.FinishedCompletion);
        _lastSequence = await store.GetLastSequenceAsync(ProfileId, cancellationToken);
        var recent = await store.ReadNewestAsync(ProfileId, 0, _options.RecentWindow, cancellationToken);
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            _window.Add(recent[i]);
        }

        foreach (var latest in await store.ReadLatestPerTitleAsync(ProfileId, _options.TrackedTitles, cancellationToken))
        {
            _progress.Apply(latest);
        }

        _stream = this.GetStreamProvider(StreamNames.Provider)
            .GetStream<ViewingEvent>(StreamId.Create(StreamNames.ViewingEvents, ProfileId));
    }

    public async Task<RecordOutcome> RecordAsync(ViewingEvent viewingEvent, CancellationToken ct = default) =>
        (await RecordBatchAsync([viewingEvent], ct))[0];

    public async Task<IReadOnlyList<RecordOutcome>> RecordBatchAsync(IReadOnlyList<ViewingEvent> events, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            var problem = events[i] is null ? "The event is null." : ViewingEventRules.Check(events[i], ProfileId);
            if (problem is not null)
            {
                throw new ArgumentException(events.Count == 1 ? problem : $"Event {i}: {problem}", nameof(events));
            }
        }

        if (_sequenceUncertain)
        {
            // A write failed without saying whether it committed: its sequence numbers may be taken.
            _lastSequence = Math.Max(_lastSequence, await store.GetLastSequenceAsync(ProfileId, ct));
            _sequenceUncertain = false;
        }

        var outcomes = new RecordOutcome[events.Count];
        var fresh = new List<(int Index, ViewingEvent Event)>(events.Count);
        // Only a batch can repeat an id within the call (a session records one event at a time).
        var firstIndexOf = events.Count > 1 ? new Dictionary<Guid, int>(events.Count) : null;
        List<(int Index, int FirstIndex)>? copies = null;
        var next = _lastSequence;
        for (var i = 0; i < events.Count; i++)
        {
            var id = events[i].EventId;
            if (_window.TryGetSequence(id, out var known))
            {
                outcomes[i] = new RecordOutcome(id, Stored: false, known);
            }
            else if (firstIndexOf is not null && firstIndexOf.TryGetValue(id, out var first))
            {
                (copies ??= []).Add((i, first));
            }
            else
            {
                firstIndexOf?.Add(id, i);
                fresh.Add((i, ViewingEventRules.Normalize(events[i], ++next)));
            }
        }

        if (fresh.Count > 0)
        {
            await StoreAsync(fresh, outcomes, ct);
        }

        // A second copy of an id within one call is a replay of the first copy.
        for (var c = 0; c < copies?.Count; c++)
        {
            var (index, first) = copies[c];
            outcomes[index] = outcomes[first] with { Stored = false };
        }

        return outcomes;
    }

    async Task StoreAsync(List<(int Index, ViewingEvent Event)> fresh, RecordOutcome[] outcomes, CancellationToken ct)
    {
        IReadOnlyList<bool> stored;
        try
        {
            var appended = new ViewingEvent[fresh.Count];
            for (var j = 0; j < fresh.Count; j++)
            {
                appended[j] = fresh[j].Event;
            }

            stored = await store.AppendAsync(appended, ct);
        }
        catch
        {
            _sequenceUncertain = true;
            throw;
        }

        var published = new List<ViewingEvent>(fresh.Count);
        for (var j = 0; j < fresh.Count; j++)
        {
            var (index, e) = fresh[j];
            if (!stored[j])
            {
                // Stored before, beyond the window: the original keeps its sequence (unknown here); this number stays unused.
                outcomes[index] = new RecordOutcome(e.EventId, Stored: false, Sequence: 0);
                continue;
            }

            outcomes[index] = new RecordOutcome(e.EventId, Stored: true, e.Sequence);
            _lastSequence = Math.Max(_lastSequence, e.Sequence);
            _window.Add(e);
            _progress.Apply(e);
            published.Add(e);
        }

        foreach (var e in published)
        {
            try
            {
                await _stream.OnNextAsync(e);
            }
            catch (Exception ex)
            {
                // The event is durable and the caller is answered; consumers see the sequence jump and read it back.
                LogPublishFailed(logger, ex, e.EventId, ProfileId);
            }
        }
    }

    public async Task<HistoryPage> GetPageAsync(int page, int pageSize, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var skip = (long)(page - 1) * pageSize;
        if (skip > int.MaxValue - MaxPageSize)
        {
            return new HistoryPage([], page, pageSize, HasMore: false);
        }

        var items = await store.ReadNewestAsync(ProfileId, (int)skip, pageSize + 1, ct);
        return items.Count > pageSize
            ? new HistoryPage([.. items.Take(pageSize)], page, pageSize, HasMore: true)
            : new HistoryPage(items, page, pageSize, HasMore: false);
    }

    public Task<IReadOnlyList<ContinueWatchingItem>> GetContinueWatchingAsync(int limit = 20, CancellationToken ct = default) =>
        Task.FromResult(_progress.Items(Math.Clamp(limit, 1, MaxPageSize)));

    public async Task<IReadOnlyList<ViewingEvent>> GetRecentAsync(int limit = 50, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return limit <= _options.RecentWindow
            ? _window.Newest(limit)
            : await store.ReadNewestAsync(ProfileId, 0, Math.Min(limit, MaxSinceRead), ct);
    }

    public Task<IReadOnlyList<ViewingEvent>> GetSinceAsync(long afterSequence, int limit = 500, CancellationToken ct = default) =>
        store.ReadSinceAsync(ProfileId, Math.Max(afterSequence, 0), Math.Clamp(limit, 1, MaxSinceRead), ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId} of profile {ProfileId} is stored but could not be published; consumers will read it back")]
    static partial void LogPublishFailed(ILogger logger, Exception exception, Guid eventId, Guid profileId);
}
