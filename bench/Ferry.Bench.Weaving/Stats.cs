namespace Ferry.Bench.Weaving;

public static class Stats
{
    /// <summary>Linear-interpolated quantile of unsorted data (q in [0, 1]).</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    public static double GeometricMean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return Math.Exp(list.Sum(Math.Log) / list.Count);
    }

    /// <summary>Median absolute deviation relative to the median (a robust coefficient of variation).</summary>
    public static double RelativeMad(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return Median(values.Select(v => Math.Abs(v - median)).ToList()) / median;
    }
}
