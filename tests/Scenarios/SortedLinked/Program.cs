// Tree-based sorted collections and a linked list whose nodes are referenced from locals.
namespace SortedLinked;

internal static class Program
{
    private static int Main()
    {
        var sd = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var ss = new SortedSet<int>();
        var sl = new SortedList<int, string>();
        int x = 11;
        for (int i = 0; i < 30; i++)
        {
            x = (x * 17 + 3) % 101;
            sd["k" + (x % 20).ToString("D2")] = x;
            ss.Add(x % 37);
            sl[x % 13] = "v" + i;
            if (i % 9 == 8) { sd.Remove("k" + (i % 20).ToString("D2")); ss.Remove(i); }
        }
        Console.WriteLine($"sd count={sd.Count} first={First(sd)} keys={string.Join(',', sd.Keys)}");
        Console.WriteLine($"ss min={ss.Min} max={ss.Max} view={string.Join(',', ss.GetViewBetween(10, 20))}");
        Console.WriteLine($"sl count={sl.Count} keys={string.Join(',', sl.Keys)} v[0]={sl.GetValueOrDefault(0)}");

        var ll = new LinkedList<string>();
        LinkedListNode<string> head = ll.AddFirst("head");
        LinkedListNode<string> tail = ll.AddLast("tail");
        LinkedListNode<string> cursor = head;
        for (int i = 0; i < 12; i++)
        {
            cursor = i % 3 == 2 ? ll.AddBefore(tail, "b" + i) : ll.AddAfter(cursor, "a" + i);
            if (i == 7) ll.Remove(cursor.Previous!);
        }
        Console.WriteLine("linked " + string.Join(' ', ll));
        int walked = 0;
        for (LinkedListNode<string>? n = ll.Last; n is not null; n = n.Previous) walked++;

        bool identity = ReferenceEquals(ll.First, head) && ReferenceEquals(ll.Last, tail) && ReferenceEquals(cursor.List, ll);
        Console.WriteLine($"walked back={walked} identity={identity} cursor={cursor.Value} next={cursor.Next?.Value}");

        string prev = "";
        foreach (string k in sd.Keys)
        {
            if (string.CompareOrdinal(prev, k) >= 0) return Fail(11, "sd order");
            prev = k;
        }
        int last = -1;
        foreach (int v in ss) { if (v <= last) return Fail(12, "ss order"); last = v; }
        if (!identity) return Fail(13, "linked identity");
        if (walked != ll.Count) return Fail(14, "walk");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static string First(SortedDictionary<string, int> d)
    {
        foreach (var kv in d) return $"{kv.Key}={kv.Value}";
        return "";
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
