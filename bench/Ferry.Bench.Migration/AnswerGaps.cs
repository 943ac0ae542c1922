using System.Diagnostics;

namespace Ferry.Bench.Migration;

/// <summary>What the prober's samples say about a window of time (a move, from the migrate call to its return).</summary>
public static class AnswerGaps
{
    /// <summary>
    /// The longest gap between consecutive answers from the last answer before <paramref name="start"/> to
    /// the first answer after <paramref name="end"/>, and the longest request answered in that span.
    /// </summary>
    public static (double PauseMs, double LongestRequestMs) Around(IReadOnlyList<Prober.Sample> samples, long start, long end)
    {
        var first = Math.Max(0, LastBefore(samples, start));
        double pause = 0, longest = 0;
        for (var i = first; i < samples.Count; i++)
        {
            if (i > first) pause = Math.Max(pause, Ms(samples[i - 1].Answered, samples[i].Answered));
            if (i > first) longest = Math.Max(longest, samples[i].LatencyMs);
            if (samples[i].Answered > end) break;
        }
        return (pause, longest);
    }

    /// <summary>Median gap between answers in the <paramref name="span"/> before <paramref name="start"/>.</summary>
    public static double TypicalBefore(IReadOnlyList<Prober.Sample> samples, long start, TimeSpan span)
    {
        var from = start - (long)(span.TotalSeconds * Stopwatch.Frequency);
        var gaps = new List<double>();
        for (var i = 1; i < samples.Count && samples[i].Answered < start; i++)
            if (samples[i - 1].Answered >= from) gaps.Add(Ms(samples[i - 1].Answered, samples[i].Answered));
        if (gaps.Count == 0) return 0;
        gaps.Sort();
        return gaps[gaps.Count / 2];
    }

    /// <summary>True once some answer came after <paramref name="time"/>.</summary>
    public static bool AnsweredAfter(IReadOnlyList<Prober.Sample> samples, long time) => samples.Count > 0 && samples[^1].Answered > time;

    private static int LastBefore(IReadOnlyList<Prober.Sample> samples, long time)
    {
        var last = -1;
        for (var i = 0; i < samples.Count && samples[i].Answered < time; i++) last = i;
        return last;
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
