// Cycles in the heap: the serializer must preserve identity and terminate.
namespace HeapCycles;

internal sealed class RingNode
{
    public RingNode(int id) => Id = id;
    public int Id { get; }
    public RingNode? Next;
    public RingNode? Prev;
    public object? Payload;
}

internal sealed class TreeNode
{
    public TreeNode(string name, TreeNode? parent) { Name = name; Parent = parent; parent?.Children.Add(this); }
    public string Name { get; }
    public TreeNode? Parent { get; }
    public List<TreeNode> Children { get; } = new();
    public TreeNode Root => Parent?.Root ?? this;
}

internal static class Program
{
    private static RingNode BuildRing(int n)
    {
        var first = new RingNode(0);
        RingNode prev = first;
        for (int i = 1; i < n; i++)
        {
            var node = new RingNode(i) { Prev = prev };
            prev.Next = node;
            prev = node;
        }
        prev.Next = first;
        first.Prev = prev;
        return first;
    }

    private static int Main()
    {
        RingNode ring = BuildRing(20);
        var self = new RingNode(-1);
        self.Next = self;
        self.Prev = self;
        self.Payload = self;
        ring.Payload = ring.Next!.Next; // shortcut into the ring
        ring.Next.Payload = new object[] { ring, self, null! };

        RingNode cursor = ring;
        int idSum = 0;
        for (int step = 0; step < 45; step++)
        {
            idSum += cursor.Id;
            cursor = step % 5 == 4 ? cursor.Prev! : cursor.Next!;
        }
        Console.WriteLine($"walked 45 steps: idSum={idSum} cursor={cursor.Id}");

        var root = new TreeNode("root", null);
        TreeNode current = root;
        for (int i = 0; i < 12; i++)
        {
            var child = new TreeNode("n" + i, i % 3 == 0 ? root : current);
            current = child;
        }
        int leaves = CountLeaves(root);
        Console.WriteLine($"tree leaves={leaves} deepest root={current.Root.Name} children of root={root.Children.Count}");

        RingNode back = cursor;
        for (int i = 0; i < 20; i++) back = back.Next!;
        bool ringClosed = ReferenceEquals(back, cursor);
        bool selfOk = ReferenceEquals(self.Next, self) && ReferenceEquals(self.Payload, self);
        var arr = (object[])ring.Next.Payload!;
        bool arrOk = ReferenceEquals(arr[0], ring) && ReferenceEquals(arr[1], self) && arr[2] is null;
        bool shortcutOk = ReferenceEquals(ring.Payload, ring.Next.Next);
        Console.WriteLine($"ringClosed={ringClosed} selfOk={selfOk} arrOk={arrOk} shortcutOk={shortcutOk}");

        int expectSum = 0, pos = 0;
        for (int step = 0; step < 45; step++)
        {
            expectSum += pos;
            pos = step % 5 == 4 ? (pos + 19) % 20 : (pos + 1) % 20;
        }
        if (idSum != expectSum || cursor.Id != pos) return Fail(11, "walk");
        if (!ringClosed || !selfOk || !arrOk || !shortcutOk) return Fail(12, "identity");
        if (!ReferenceEquals(current.Root, root)) return Fail(13, "root");
        for (RingNode n = ring.Next!; !ReferenceEquals(n, ring); n = n.Next!)
            if (!ReferenceEquals(n.Prev!.Next, n)) return Fail(14, "prev/next at " + n.Id);
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int CountLeaves(TreeNode n)
    {
        if (n.Children.Count == 0) return 1;
        int c = 0;
        foreach (TreeNode child in n.Children) c += CountLeaves(child);
        return c;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
