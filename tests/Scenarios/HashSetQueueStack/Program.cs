// HashSet, Queue, Stack and PriorityQueue with live contents across loop iterations.
namespace HashSetQueueStack;

internal readonly record struct Cell(int R, int C);

internal static class Program
{
    private static readonly string[] s_maze =
    {
        "S..#....",
        ".#.#.##.",
        ".#...#..",
        ".####.#.",
        "......#E",
    };

    private static int Bfs()
    {
        var start = new Cell(0, 0);
        var seen = new HashSet<Cell> { start };
        var queue = new Queue<(Cell Cell, int Dist)>();
        queue.Enqueue((start, 0));
        while (queue.Count > 0)
        {
            var (cell, dist) = queue.Dequeue();
            if (s_maze[cell.R][cell.C] == 'E') return dist;
            foreach (var (dr, dc) in new[] { (0, 1), (1, 0), (0, -1), (-1, 0) })
            {
                var next = new Cell(cell.R + dr, cell.C + dc);
                if (next.R < 0 || next.C < 0 || next.R >= s_maze.Length || next.C >= s_maze[0].Length) continue;
                if (s_maze[next.R][next.C] == '#' || !seen.Add(next)) continue;
                queue.Enqueue((next, dist + 1));
            }
        }
        return -1;
    }

    private static bool Balanced(string s)
    {
        var stack = new Stack<char>();
        foreach (char ch in s)
        {
            if (ch is '(' or '[' or '{') stack.Push(ch);
            else if (ch is ')' or ']' or '}')
            {
                if (stack.Count == 0) return false;
                char open = stack.Pop();
                if ((open, ch) is not (('(', ')') or ('[', ']') or ('{', '}'))) return false;
            }
        }
        return stack.Count == 0;
    }

    private static int Main()
    {
        var a = new HashSet<string>();
        var b = new HashSet<string>();
        for (int i = 0; i < 20; i++)
        {
            a.Add("w" + i % 12);
            if (i % 3 == 0) b.Add("w" + i);
        }
        var union = new HashSet<string>(a);
        union.UnionWith(b);
        var inter = new HashSet<string>(a);
        inter.IntersectWith(b);
        var sortedInter = new List<string>(inter);
        sortedInter.Sort(StringComparer.Ordinal);
        Console.WriteLine($"a={a.Count} b={b.Count} union={union.Count} inter={string.Join(',', sortedInter)}");

        int dist = Bfs();
        Console.WriteLine($"maze distance={dist}");

        string[] samples = { "([]{()})", "((]", "{[()()]}[]", "(((", "" };
        var balanced = new List<bool>();
        foreach (string s in samples) balanced.Add(Balanced(s));
        Console.WriteLine("balanced " + string.Join(',', balanced));

        var pq = new PriorityQueue<string, int>();
        for (int i = 0; i < 15; i++) pq.Enqueue("job" + i, (i * 7) % 11);
        var order = new List<string>();
        while (pq.TryDequeue(out string? job, out int prio)) order.Add($"{job}@{prio}");
        Console.WriteLine("pq " + string.Join(' ', order));

        var stackOfQueues = new Stack<Queue<int>>();
        for (int i = 0; i < 4; i++)
        {
            var q = new Queue<int>();
            for (int k = 0; k <= i; k++) q.Enqueue(i * 10 + k);
            stackOfQueues.Push(q);
        }
        int drained = 0;
        while (stackOfQueues.Count > 0)
        {
            Queue<int> q = stackOfQueues.Pop();
            while (q.Count > 0) drained += q.Dequeue();
        }
        Console.WriteLine($"drained={drained}");

        if (a.Count != 12 || b.Count != 7 || union.Count != 15) return Fail(11, "sets");
        if (string.Join(',', sortedInter) != "w0,w3,w6,w9") return Fail(12, "inter");
        if (dist != 15) return Fail(13, $"dist {dist}");
        if (string.Join(',', balanced) != "True,False,True,False,True") return Fail(14, "balanced");
        for (int i = 1; i < order.Count; i++)
            if (int.Parse(order[i - 1].Split('@')[1]) > int.Parse(order[i].Split('@')[1])) return Fail(15, "pq order");
        if (drained != 0 + 10 + 11 + 20 + 21 + 22 + 30 + 31 + 32 + 33) return Fail(16, "drained");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
