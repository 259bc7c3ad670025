using System.Diagnostics;
using Marquee.Api.Accounts;
using Marquee.Api.Gateway;
using Marquee.Api.Hosting;
using Marquee.Catalog;
using Marquee.Grains.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Marquee.Api.Catalog;

/// <summary>Catalogue administration: <c>/api/admin/titles/{id}</c> and <c>/api/admin/catalog/import</c> (admin role).</summary>
public static class TitleAdminEndpoints
{
    /// <summary>A title's JSON is small; an import file may be a whole MovieLens catalogue (ml-25m's movies.csv is 3 MB).</summary>
    const long MaxTitleBytes = 256 * 1024;
    const long MaxImportBytes = 32 * 1024 * 1024;
    const int ImportParallelism = 16;

    public static IEndpointRouteBuilder MapTitleAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").WithPriority(RoutePriority.NonCritical).RequireStaff(AuthSetup.AdminPolicy);
        group.MapPut("/titles/{titleId}", UpsertAsync).WithName("UpsertTitle")
            .WithSummary("Creates or replaces a title (admin); it is searchable when the call returns.")
            .WithMetadata(new RequestSizeLimitAttribute(MaxTitleBytes)).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapDelete("/titles/{titleId}", DeleteAsync).WithName("DeleteTitle").WithSummary("Removes a title (admin).");
        group.MapPost("/catalog/import", ImportAsync).WithName("ImportCatalog")
            .WithSummary("Imports a MovieLens catalogue (admin): u.item, or movies.csv (+ links.csv as multipart), as ml-<id> titles.")
            .Accepts<string>("text/plain", "text/csv", "application/octet-stream", "multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxImportBytes)).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery();
        return app;
    }

    static async Task<Results<Created<TitleView>, Ok<TitleView>, ValidationProblem>> UpsertAsync(
        string titleId, TitleRequest request, IGrainFactory grains, CatalogReplica replica, CacheInvalidation cache, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TitleIds.IsValid(titleId))
        {
            errors = TitleIds.Error;
        }

        var title = TitleRules.Check(titleId, request, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var grain = grains.Grain<ITitleGrain>(titleId);
        var existed = await grain.GetAsync(ct) is not null;
        await grain.UpsertAsync(title, ct);
        await cache.RemoveByTagAsync(CacheTags.Title(titleId), ct);
        await replica.SyncAsync(ct);
        var view = TitleView.From(title);
        return existed ? TypedResults.Ok(view) : TypedResults.Created($"/api/titles/{titleId}", view);
    }

    static async Task<Results<NoContent, ValidationProblem, NotFoundProblem>> DeleteAsync(
        string titleId, IGrainFactory grains, CatalogReplica replica, CacheInvalidation cache, CancellationToken ct)
    {
        if (!TitleIds.IsValid(titleId))
        {
            return TypedResults.ValidationProblem(TitleIds.Error);
        }

        if (!await grains.Grain<ITitleGrain>(titleId).DeleteAsync(ct))
        {
            return new NotFoundProblem(new ProblemDetails
            {
                Title = "No such title",
                Detail = $"There is no title {titleId}.",
            });
        }

        await cache.RemoveByTagAsync(CacheTags.Title(titleId), ct);
        await replica.SyncAsync(ct);
        return TypedResults.NoContent();
    }

    static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportAsync(
        HttpRequest http, IGrainFactory grains, CatalogReplica replica, CatalogMetrics metrics, CacheInvalidation cache, CancellationToken ct, string? format = null)
    {
        var started = Stopwatch.GetTimestamp();
        var (parse, kind, error) = await ReadAsync(http, format, ct);
        if (parse is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error!.Value.Field] = [error.Value.Message] });
        }

        if (parse.Titles.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["body"] = [$"No {kind} rows could be read ({parse.Skipped.Count} lines skipped)."],
            });
        }

        await Parallel.ForEachAsync(
            parse.Titles,
            new ParallelOptions { MaxDegreeOfParallelism = ImportParallelism, CancellationToken = ct },
            async (title, token) => await grains.Grain<ITitleGrain>(title.TitleId).UpsertAsync(title, token));
        await Task.WhenAll(parse.Titles.Select(t => cache.RemoveByTagAsync(CacheTags.Title(t.TitleId), ct).AsTask()));
        await replica.SyncAsync(ct);
        metrics.Imported(parse.Titles.Count);
        return TypedResults.Ok(new ImportReport(
            kind, parse.Titles.Count, parse.Skipped.Count, [.. parse.Skipped.Take(20)],
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, replica.Count));
    }

    /// <summary>The parsed file and its format name, or the field and message of what is wrong with the request.</summary>
    static async Task<(MovieLensParse? Parse, string Kind, (string Field, string Message)? Error)> ReadAsync(
        HttpRequest http, string? format, CancellationToken ct)
    {
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(ct);
            var movies = form.Files["movies"] ?? form.Files["u.item"] ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (movies is null)
            {
                return (null, "", ("movies", "Send the catalogue as a form file named movies (movies.csv or u.item); links (links.csv) is optional."));
            }

            var moviesText = await ReadTextAsync(movies, ct);
            var links = form.Files["links"] is { } linksFile ? await ReadTextAsync(linksFile, ct) : null;
            var kind = Kind(format, movies.FileName, moviesText);
            return kind is null
                ? (null, "", ("format", "The format must be u.item or movies.csv."))
                : (Parse(kind, moviesText, links), kind, null);
        }

        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, ct);
        if (buffer.Length == 0)
        {
            return (null, "", ("body", "The request body is empty: send u.item or movies.csv as the body."));
        }

        var text = MovieLensCatalog.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var detected = Kind(format, null, text);
        return detected is null
            ? (null, "", ("format", "The format must be u.item or movies.csv (query ?format=)."))
            : (Parse(detected, text, null), detected, null);
    }

    static MovieLensParse Parse(string kind, string text, string? links) =>
        kind == "u.item" ? MovieLensCatalog.ParseUItem(text) : MovieLensCatalog.ParseMoviesCsv(text, links);

    /// <summary>The format named by the query, else by the file name, else guessed from the first line.</summary>
    static string? Kind(string? format, string? fileName, string text) => format?.Trim().ToLowerInvariant() switch
    {
        "u.item" or "uitem" or "ml-100k" => "u.item",
        "movies.csv" or "movies" or "csv" => "movies.csv",
        null or "" => fileName?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true || text.StartsWith("movieId,", StringComparison.OrdinalIgnoreCase)
            ? "movies.csv"
            : "u.item",
        _ => null,
    };

    static async Task<string> ReadTextAsync(IFormFile file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return MovieLensCatalog.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}

/// <summary>Checks of a title request that attributes cannot express, and the title it makes.</summary>
internal static class TitleRules
{
    public static TitleInfo Check(string titleId, TitleRequest request, Dictionary<string, string[]> errors)
    {
        var maturity = request.MaturityRating ?? 0;
        if (!MaturityRatings.IsValid(maturity))
        {
            errors["maturityRating"] = ["The maturityRating field must be one of 0, 7, 13, 16 or 18."];
        }

        var genres = Strings(request.Genres, "genres", 40, errors);
        var cast = Strings(request.Cast, "cast", 100, errors);
        var tags = Strings(request.Tags, "tags", 60, errors);
        var countries = (request.LicensedCountries ?? []).Select(c => c?.Trim().ToUpperInvariant() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (countries.Any(c => c.Length != 2 || !c.All(char.IsAsciiLetter)))
        {
            errors["licensedCountries"] = ["Each entry of licensedCountries must be a two-letter country code (ISO 3166 alpha-2)."];
        }

        var artwork = request.Artwork is { Count: > 0 } given
            ? given.Select(a => new ArtworkVariant(a.Id, a.Url, [.. a.Tags ?? []])).ToList()
            : [.. CatalogDefaults.Artwork(titleId, 3)];
        if (artwork.Select(a => a.Id).Distinct(StringComparer.Ordinal).Count() != artwork.Count)
        {
            errors["artwork"] = ["Artwork variant ids must be distinct."];
        }

        var ladder = request.Renditions is { Count: > 0 } rungs
            ? rungs.Select(r => new Rendition(r.Width, r.Height, r.BitrateKbps, r.Codec)).OrderBy(r => r.Height).ToList()
            : [.. CatalogDefaults.Ladder(2160)];
        var runtime = request.RuntimeMinutes;
        return new TitleInfo(
            titleId, request.Name.Trim(), request.Year, genres, cast, request.Synopsis?.Trim() ?? "", maturity, runtime, tags,
            artwork, ladder, countries, CatalogDefaults.SizeGb(runtime, ladder));
    }

    static List<string> Strings(IReadOnlyList<string>? values, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        var list = (values ?? []).Select(v => v?.Trim() ?? "").ToList();
        if (list.Any(v => v.Length == 0 || v.Length > maxLength))
        {
            errors[field] = [$"Each entry of {field} must be 1 to {maxLength} characters."];
        }

        return [.. list.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
