// Date and time value types (DateTime's kind bits live in its ulong field).
using System.Globalization;

namespace DateTimeTimeSpan;

internal static class Program
{
    private static int Main()
    {
        var start = new DateTime(2024, 1, 31, 22, 15, 30, DateTimeKind.Utc);
        DateTime cur = start;
        var log = new List<string>();
        for (int i = 0; i < 14; i++)
        {
            cur = cur.AddMonths(1).AddHours(7).AddMinutes(-13);
            log.Add(cur.ToString("O", CultureInfo.InvariantCulture));
        }
        foreach (string l in log.Take(4)) Console.WriteLine("date " + l);
        Console.WriteLine($"final {cur:yyyy-MM-dd HH:mm:ss} kind={cur.Kind} dow={cur.DayOfWeek} doy={cur.DayOfYear}");

        TimeSpan total = TimeSpan.Zero;
        for (int i = 1; i <= 20; i++) total += TimeSpan.FromMinutes(i * 7.5) - TimeSpan.FromSeconds(i);
        Console.WriteLine($"total span={total} days={total.TotalDays:F6} c={total:c}");

        var local = new DateTime(2023, 12, 31, 23, 59, 59, 999, DateTimeKind.Unspecified);
        DateTime tick = local.AddTicks(10_000);
        var offset = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.FromHours(5.5));
        DateTimeOffset shifted = offset;
        for (int i = 0; i < 6; i++) shifted = shifted.AddDays(73).ToOffset(TimeSpan.FromHours(i - 3));
        Console.WriteLine($"tick={tick:O} offset={offset:O} shifted={shifted:O} utc={shifted.UtcDateTime:O}");

        var day = new DateOnly(2024, 2, 27);
        var days = new List<string>();
        for (int i = 0; i < 5; i++) { day = day.AddDays(1); days.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); }
        var time = new TimeOnly(23, 0);
        var wrapped = time.Add(TimeSpan.FromMinutes(150), out int wrappedDays);
        Console.WriteLine($"days {string.Join(' ', days)} time={wrapped:HH:mm} wrapped={wrappedDays}");

        DateTime parsed = DateTime.Parse(log[5], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        if (start.AddMonths(1).AddHours(7).AddMinutes(-13).ToString("O", CultureInfo.InvariantCulture) != log[0]) return Fail(11, "first step");
        if (parsed.Kind != DateTimeKind.Utc || parsed.ToString("O", CultureInfo.InvariantCulture) != log[5]) return Fail(12, "roundtrip");
        var expectTotal = TimeSpan.FromMinutes(7.5 * 210) - TimeSpan.FromSeconds(210);
        if (total != expectTotal) return Fail(13, "span");
        if (tick.Year != 2024 || tick.Kind != DateTimeKind.Unspecified) return Fail(14, "tick");
        if (days[1] != "2024-02-29" || days[2] != "2024-03-01" || wrappedDays != 1) return Fail(15, "days");
        if (shifted.UtcDateTime != offset.UtcDateTime.AddDays(73 * 6)) return Fail(16, "offset");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
