using System.ComponentModel.DataAnnotations;

namespace Marquee.Grains.Ingest;

/// <summary>Where ingest reads, works and publishes, and how it encodes; bound from the <c>Ingest</c> section.</summary>
/// <remarks>
/// In embedded mode every folder defaults under <see cref="DataFolder"/> (the OS temp folder). In cluster mode the
/// intake and origin folders must be storage every silo and API instance sees (a shared volume), so a job that moves
/// to another silo still finds its source; the work folder is best local and fast.
/// </remarks>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The parent of every folder below that is not set on its own.</summary>
    [Required] public string DataFolder { get; set; } = Path.Combine(Path.GetTempPath(), "marquee");

    /// <summary>Sources an operator drops for ingest by path; uploads land in its <c>uploads</c> sub-folder.</summary>
    public string? IntakeFolder { get; set; }

    /// <summary>The origin store's folder (the embedded <see cref="IOriginStore"/>).</summary>
    public string? OriginFolder { get; set; }

    /// <summary>Scratch space for encodes in progress; a job's folder there is removed when it ends.</summary>
    public string? WorkFolder { get; set; }

    /// <summary>The ffmpeg executable: a path, or a name looked up on PATH. ffprobe is taken from the same folder.</summary>
    [Required] public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Target HLS segment length; keyframes are forced on its boundaries.</summary>
    [Range(1, 30)] public int SegmentSeconds { get; set; } = 4;

    /// <summary>The x264 preset: slower gives smaller files for more CPU.</summary>
    [Required]
    [RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow)$",
        ErrorMessage = "Ingest:Preset must be an x264 preset (ultrafast ... veryslow).")]
    public string Preset { get; set; } = "veryfast";

    /// <summary>Encoder threads per ffmpeg run; 0 lets ffmpeg choose.</summary>
    [Range(0, 64)] public int Threads { get; set; }

    /// <summary>The most rungs a ladder gets (the tallest are kept).</summary>
    [Range(1, 7)] public int MaxRungs { get; set; } = 7;

    /// <summary>Jobs one silo encodes at once.</summary>
    [Range(1, 16)] public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>Jobs a silo's worker queue holds before new ones wait for the reminder to re-queue them.</summary>
    [Range(1, 100_000)] public int QueueCapacity { get; set; } = 256;

    /// <summary>How long a worker's claim on a job lasts without a report before another worker may take over.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts (a worker claiming the job) before a job whose workers keep vanishing is failed.</summary>
    [Range(1, 20)] public int MaxAttempts { get; set; } = 3;

    /// <summary>The largest upload accepted, in bytes.</summary>
    [Range(1L, long.MaxValue)] public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>The longest source accepted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How long an upload may sit untouched without a job that still needs it before it is removed (the API died between
    /// saving it and starting the job, or the job's state was lost). An upload still being received is newer than this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan OrphanedUploadAge { get; set; } = TimeSpan.FromHours(1);

    public string Intake => Path.GetFullPath(IntakeFolder ?? Path.Combine(DataFolder, "intake"));

    public string Uploads => Path.Combine(Intake, "uploads");

    public string Origin => Path.GetFullPath(OriginFolder ?? Path.Combine(DataFolder, "origin"));

    public string Work => Path.GetFullPath(WorkFolder ?? Path.Combine(DataFolder, "work"));

    /// <summary>The ffmpeg executable's full path, or null when it cannot be found.</summary>
    public string? ResolveFfmpeg()
    {
        if (Path.IsPathRooted(FfmpegPath) || FfmpegPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(FfmpegPath) ? Path.GetFullPath(FfmpegPath) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, FfmpegPath))
            .FirstOrDefault(File.Exists);
    }
}
