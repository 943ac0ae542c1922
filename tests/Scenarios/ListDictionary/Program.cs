// List and Dictionary. Dictionary enumeration order after Remove+Add depends on its internal
// free list; a faithful restore must reproduce it, not just the key/value pairs.
namespace ListDictionary;

internal static class Program
{
    private static int Main()
    {
        var list = new List<int>();
        for (int i = 0; i < 25; i++)
        {
            if (i % 4 == 0) list.Insert(0, i);
            else list.Add(i * 3 % 17);
            if (i % 7 == 6) list.RemoveAt(list.Count / 2);
        }
        Console.WriteLine("list " + string.Join(',', list));
        list.Sort();
        int found = list.BinarySearch(9);
        Console.WriteLine($"sorted {string.Join(',', list)} search9={found >= 0}");

        var grid = new List<List<int>>();
        for (int r = 0; r < 5; r++)
        {
            grid.Add(new List<int>());
            for (int c = 0; c <= r; c++) grid[r].Add(r * c);
        }
        Console.WriteLine($"grid rows={grid.Count} last={string.Join(',', grid[4])}");

        var counts = new Dictionary<string, int>();
        string[] vocabulary = { "ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen" };
        for (int i = 0; i < 40; i++)
        {
            string w = vocabulary[i * 5 % vocabulary.Length];
            counts[w] = counts.TryGetValue(w, out int n) ? n + 1 : 1;
            if (i == 15) { counts.Remove("cat"); counts.Remove("bee"); }
            if (i == 25) counts.Remove("fox");
        }
        counts["zebra"] = 100;
        counts["yak"] = 50;
        var order = new List<string>();
        foreach (KeyValuePair<string, int> kv in counts) order.Add($"{kv.Key}={kv.Value}");
        Console.WriteLine("dict order " + string.Join(' ', order));

        var byLength = new Dictionary<int, List<string>>();
        foreach (string w in vocabulary)
        {
            if (!byLength.TryGetValue(w.Length + w[0] % 2, out List<string>? bucket))
                byLength[w.Length + w[0] % 2] = bucket = new List<string>();
            bucket.Add(w);
        }
        foreach (var kv in byLength) Console.WriteLine($"bucket {kv.Key}: {string.Join(',', kv.Value)}");

        // Recompute the dictionary order independently (same operations, fresh dictionary).
        var again = new Dictionary<string, int>();
        for (int i = 0; i < 40; i++)
        {
            string w = vocabulary[i * 5 % vocabulary.Length];
            again[w] = again.TryGetValue(w, out int n) ? n + 1 : 1;
            if (i == 15) { again.Remove("cat"); again.Remove("bee"); }
            if (i == 25) again.Remove("fox");
        }
        again["zebra"] = 100;
        again["yak"] = 50;
        var order2 = new List<string>();
        foreach (KeyValuePair<string, int> kv in again) order2.Add($"{kv.Key}={kv.Value}");
        if (string.Join(' ', order) != string.Join(' ', order2)) return Fail(11, "dictionary order differs");
        for (int i = 1; i < list.Count; i++) if (list[i - 1] > list[i]) return Fail(12, "sort");
        if (list.Count != 25 - 3) return Fail(13, "count");
        if (grid[4][4] != 16) return Fail(14, "grid");
        if (counts["zebra"] != 100 || counts.ContainsKey("fox") && counts["fox"] > 5) return Fail(15, "dict values");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
