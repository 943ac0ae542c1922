// Many small objects: the object count, not the byte count, dominates the image.
namespace ObjectGraphLarge;

internal sealed class TreeNode
{
    public TreeNode(int key) => Key = key;
    public int Key;
    public int Count = 1;
    public TreeNode? Left, Right;
}

internal sealed class Link
{
    public Link? Next;
    public int Value;
    public string? Tag;
}

internal sealed record Item(int Id, string Name, double Weight);

internal static class Program
{
    private static int Main()
    {
        TreeNode? root = null;
        uint s = 12345;
        int inserted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            s = s * 1664525u + 1013904223u;
            int key = (int)(s >> 12) % 50_000;
            if (root is null) { root = new TreeNode(key); inserted++; continue; }
            TreeNode cur = root;
            while (true)
            {
                if (key == cur.Key) { cur.Count++; break; }
                TreeNode? next = key < cur.Key ? cur.Left : cur.Right;
                if (next is null)
                {
                    if (key < cur.Key) cur.Left = new TreeNode(key); else cur.Right = new TreeNode(key);
                    inserted++;
                    break;
                }
                cur = next;
            }
        }
        Console.WriteLine($"tree distinct keys={inserted}");

        Link? head = null;
        for (int i = 0; i < 30_000; i++) head = new Link { Next = head, Value = i, Tag = i % 1000 == 0 ? "k" + i : null };
        Console.WriteLine("chain built");

        var items = new List<Item>();
        for (int i = 0; i < 10_000; i++) items.Add(new Item(i, "item" + (i % 500), i * 0.01));
        Console.WriteLine("items built");

        // In-order traversal with an explicit stack.
        var stack = new Stack<TreeNode>();
        TreeNode? n = root;
        int visited = 0, total = 0, prev = -1;
        bool ordered = true;
        while (n is not null || stack.Count > 0)
        {
            while (n is not null) { stack.Push(n); n = n.Left; }
            n = stack.Pop();
            visited++;
            total += n.Count;
            if (n.Key <= prev) ordered = false;
            prev = n.Key;
            n = n.Right;
        }
        long chainSum = 0;
        int tags = 0;
        for (Link? l = head; l is not null; l = l.Next) { chainSum += l.Value; if (l.Tag is not null) tags++; }
        double weight = 0;
        foreach (Item it in items) weight += it.Weight;
        Console.WriteLine($"visited={visited} total={total} ordered={ordered} chainSum={chainSum} tags={tags} weight={weight:F2}");

        if (visited != inserted || total != 20_000 || !ordered) return Fail(11, "tree");
        if (chainSum != 30_000L * 29_999 / 2 || tags != 30) return Fail(12, "chain");
        if (Math.Abs(weight - 499_950.0) > 1e-6) return Fail(13, "items");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
