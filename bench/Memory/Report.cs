using System.Globalization;
using System.Text;
using System.Text.Json;

using static Marquee.Bench.ReportFiles;

namespace Marquee.Bench.Memory;

/// <summary>The run's table (Markdown) and its figures (JSON).</summary>
internal static class Report
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static (string Markdown, string Json) Build(RunResult run, MemoryOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Memory run {run.At:yyyy-MM-dd HH:mm} UTC: {run.Cores} cores, {run.Framework}, {(run.ServerGc ? "server" : "workstation")} GC, Release, N = {run.Count:N0} per phase{(options.Short ? " (short)" : "")}; activation counts include {ActivationMemory.WarmupCount} of each kind activated (warm-up) before the baseline.");
        md.AppendLine();
        md.AppendLine("| phase | activations of the type | managed heap growth | bytes per activation | time |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var p in run.Phases)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Name} ({p.GrainClass}) | {p.ActivationsOfType:N0} | {Mb(p.HeapAfter - p.HeapBefore)} | {p.BytesPerActivation:N0} | {p.Elapsed.TotalSeconds:F1} s |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Heap: {Mb(run.HeapBaseline)} before, {Mb(run.HeapPeak)} with {run.ActivationsPeak.Total:N0} activations, {Mb(run.HeapAfterIdle)} after idle collection " +
            $"({run.ActivationsAfterIdle.Total:N0} activations left, of which {run.ActivationsAfterIdle.Of("AccountGrain"):N0} accounts and {run.ActivationsAfterIdle.Of("PlaybackSessionGrain"):N0} sessions): " +
            $"{(run.HeapAfterIdle - run.HeapBaseline) / Math.Max(1, run.Phases.Count * run.Count):N0} B per collected activation not given back.");
        md.AppendLine();
        foreach (var p in run.Phases)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {p.Name}: {p.Note}.");
        }

        var json = JsonSerializer.Serialize(new
        {
            at = run.At,
            machineCores = run.Cores,
            framework = run.Framework,
            serverGc = run.ServerGc,
            count = run.Count,
            shortMode = options.Short,
            heapBaselineBytes = run.HeapBaseline,
            heapPeakBytes = run.HeapPeak,
            heapAfterIdleBytes = run.HeapAfterIdle,
            activationsPeak = run.ActivationsPeak.ByType,
            activationsAfterIdle = run.ActivationsAfterIdle.ByType,
            viewingEventsDropped = run.ViewingEventsDropped,
            elapsedSeconds = Math.Round(run.Elapsed.TotalSeconds, 1),
            phases = run.Phases.Select(p => new
            {
                phase = p.Name,
                grainClass = p.GrainClass,
                activationsOfType = p.ActivationsOfType,
                activationsTotal = p.ActivationsTotal,
                heapBeforeBytes = p.HeapBefore,
                heapAfterBytes = p.HeapAfter,
                bytesPerActivation = p.BytesPerActivation,
                seconds = Math.Round(p.Elapsed.TotalSeconds, 2),
                note = p.Note,
            }),
        }, Indented);
        return (md.ToString(), json);
    }
}
