using System.Text;
using Marquee.Grains.Ingest;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Marquee.Api.Ingest;

/// <summary>An ingest request as read from the form: the title, and the source (an upload saved to disk, or an intake path).</summary>
internal sealed record IngestForm(string TitleId, string SourcePath, string SourceName, bool IsUpload);

/// <summary>
/// Reads <c>POST /api/admin/ingest</c>. A multipart upload is streamed section by section straight to a file in the
/// intake folder's <c>uploads</c> area (never buffered whole); a path must name a file inside the intake folder.
/// </summary>
internal static class IngestRequestReader
{
    const int MaxFieldBytes = 4 * 1024;

    /// <summary>The form, or the errors per field. On errors an upload already written is removed.</summary>
    public static async Task<(IngestForm? Form, Dictionary<string, string[]> Errors)> ReadAsync(
        HttpRequest request, Guid jobId, IngestOptions options, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!request.HasFormContentType)
        {
            errors["file"] = ["Send multipart/form-data with titleId and file (or path), or a urlencoded form with titleId and path."];
            return (null, errors);
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? uploadPath = null;
        string? uploadName = null;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            && contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                errors["file"] = ["The multipart body has no boundary."];
                return (null, errors);
            }

            // The reader's own default caps a section at 128 MB; a source video may be far bigger.
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = options.MaxUploadBytes };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() && name.Equals("file", StringComparison.OrdinalIgnoreCase) && uploadPath is null)
                {
                    uploadName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value) ?? "upload";
                    uploadPath = Path.Combine(options.Uploads, jobId.ToString("N"), "source" + SafeExtension(uploadName));
                    Directory.CreateDirectory(Path.GetDirectoryName(uploadPath)!);
                    var file = new FileStream(uploadPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                    await using (file.ConfigureAwait(false))
                    {
                        await section.Body.CopyToAsync(file, ct);
                    }
                }
                else if (disposition.IsFormDisposition())
                {
                    fields[name] = await ReadFieldAsync(section.Body, ct);
                }
            }
        }
        else
        {
            var form = await request.ReadFormAsync(ct);
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }
        }

        var result = Validate(fields, uploadPath, uploadName, options, errors);
        if (result is null && uploadPath is not null)
        {
            DeleteUpload(uploadPath);
        }

        return (result, errors);
    }

    /// <summary>Removes an upload and its per-job folder.</summary>
    public static void DeleteUpload(string path)
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    static IngestForm? Validate(
        Dictionary<string, string> fields, string? uploadPath, string? uploadName, IngestOptions options,
        Dictionary<string, string[]> errors)
    {
        var titleId = fields.GetValueOrDefault("titleId")?.Trim();
        if (string.IsNullOrEmpty(titleId))
        {
            errors["titleId"] = ["The titleId field is required."];
        }
        else if (!OriginNames.IsSafeSegment(titleId))
        {
            errors["titleId"] = ["A title id is 1 to 128 letters, digits, '.', '-' or '_', starting with a letter or digit."];
        }

        var path = fields.GetValueOrDefault("path")?.Trim();
        string? sourcePath = null;
        if (uploadPath is not null && !string.IsNullOrEmpty(path))
        {
            errors["path"] = ["Send either a file or a path, not both."];
        }
        else if (uploadPath is not null)
        {
            if (new FileInfo(uploadPath).Length == 0)
            {
                errors["file"] = ["The uploaded file is empty."];
            }

            sourcePath = uploadPath;
        }
        else if (!string.IsNullOrEmpty(path))
        {
            sourcePath = ResolveIntakePath(path, options, errors);
        }
        else
        {
            errors["file"] = ["Send the source video as the file field, or name a file inside the intake folder in the path field."];
        }

        return errors.Count > 0 || sourcePath is null
            ? null
            : new IngestForm(titleId!, sourcePath, uploadName ?? path!, uploadPath is not null);
    }

    /// <summary>The full path of an intake file, refusing anything that resolves outside the intake folder (.., absolute paths, links).</summary>
    static string? ResolveIntakePath(string path, IngestOptions options, Dictionary<string, string[]> errors)
    {
        var intake = options.Intake.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(intake, path));
        if (!full.StartsWith(intake, StringComparison.Ordinal) || full.StartsWith(options.Uploads + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            errors["path"] = ["The path must name a file inside the intake folder (relative to it, without '..')."];
            return null;
        }

        var file = new FileInfo(full);
        if (!file.Exists)
        {
            errors["path"] = [$"There is no file '{path}' in the intake folder."];
            return null;
        }

        // A link inside the intake folder may point anywhere: follow it and check again.
        var target = file.ResolveLinkTarget(returnFinalTarget: true);
        if (target is not null && !Path.GetFullPath(target.FullName).StartsWith(intake, StringComparison.Ordinal))
        {
            errors["path"] = ["The path links to a file outside the intake folder."];
            return null;
        }

        return full;
    }

    static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    static string SafeExtension(string fileName)
    {
        var ext = Path.GetExtension(fileName);
        return ext.Length is > 1 and <= 10 && ext.Skip(1).All(char.IsAsciiLetterOrDigit) ? ext.ToLowerInvariant() : ".bin";
    }
}
