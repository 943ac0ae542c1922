using System.Diagnostics;

namespace Ferry.Bench.Migration;

/// <summary>What the prober's samples say about a window of time (a move, from the migrate call to its return).</summary>
public static class AnswerGaps
{
    /// <summary>The longest gap between two answers (timestamps), and the longest request answered around it.</summary>
    public readonly record struct Gap(long From, long To, double LongestRequestMs)
    {
        public double Ms => AnswerGaps.Ms(From, To);
    }

    /// <summary>
    /// The longest gap between consecutive answers from the last answer before <paramref name="start"/> to
    /// the first answer after <paramref name="end"/>, and the longest request answered in that span.
    /// </summary>
    public static Gap Around(IReadOnlyList<Prober.Sample> samples, long start, long end)
    {
        var first = Math.Max(0, LastBefore(samples, start));
        var gap = new Gap(0, 0, 0);
        double longest = 0;
        for (var i = first + 1; i < samples.Count; i++)
        {
            if (samples[i].Answered - samples[i - 1].Answered > gap.To - gap.From) gap = new Gap(samples[i - 1].Answered, samples[i].Answered, 0);
            longest = Math.Max(longest, samples[i].LatencyMs);
            if (samples[i].Answered > end) break;
        }
        return gap with { LongestRequestMs = longest };
    }

    /// <summary>
    /// How the client spent <paramref name="gap"/>: waiting on its request until the first connection failed
    /// (the frozen source held it), and from the first to the last connection refused outright (no listener
    /// on the port, source's closed and target's not open yet); and how many connections failed.
    /// </summary>
    public static (double HungMs, double NoListenerMs, int Failed, int Refused) Split(Gap gap, IReadOnlyList<Prober.Failure> failures)
    {
        var inGap = failures.Where(f => f.At > gap.From && f.At < gap.To).ToList();
        var refused = inGap.Where(f => f.Refused).ToList();
        var hung = inGap.Count > 0 ? Ms(gap.From, inGap[0].At) : gap.Ms;
        var noListener = refused.Count > 0 ? Ms(refused[0].At, refused[^1].At) : 0;
        return (hung, noListener, inGap.Count, refused.Count);
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
