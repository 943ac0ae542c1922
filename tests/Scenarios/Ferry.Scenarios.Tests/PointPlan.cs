namespace Ferry.Scenarios.Tests;

/// <summary>Which safe points a scenario is checkpointed at.</summary>
public static class PointPlan
{
    public static IReadOnlyList<long> Choose(long total, bool large, out string plan)
    {
        if (ScenarioSettings.Points is { } explicitPoints)
        {
            plan = "FERRY_SCENARIO_POINTS";
            return explicitPoints;
        }
        int want = large ? Math.Max(1, ScenarioSettings.LargePoints) : Math.Max(1, ScenarioSettings.SmallCap);
        if (ScenarioSettings.MaxPoints is int max) want = Math.Min(want, Math.Max(1, max));
        if (total <= want)
        {
            plan = "every safe point";
            return Enumerable.Range(1, (int)total).Select(i => (long)i).ToList();
        }
        plan = large ? $"{want} spread points" : $"{want} spread points (capped)";
        return Spread(total, want);
    }

    /// <summary>k distinct points from 1..total, evenly spread, always including 1 and total.</summary>
    public static IReadOnlyList<long> Spread(long total, int k)
    {
        if (k <= 1) return [1];
        var set = new SortedSet<long>();
        for (int i = 0; i < k; i++) set.Add(1 + (long)Math.Round(i * (total - 1) / (double)(k - 1)));
        return set.ToList();
    }
}
