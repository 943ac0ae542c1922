namespace BenchWorkloads;

public static class Collections
{
    private sealed record Order(int Id, string Customer, string Product, int Quantity, decimal Price);

    public static long Run()
    {
        long h = 0;
        var rng = new Random(12345);

        // Orders with string keys, grouped and totalled through dictionaries.
        var customers = new List<string>();
        for (var i = 0; i < 2_000; i++) customers.Add("customer-" + i);
        var products = new List<string>();
        for (var i = 0; i < 300; i++) products.Add("sku" + (i * 37 % 1000));
        var orders = new List<Order>();
        for (var i = 0; i < 60_000; i++)
            orders.Add(new Order(i, customers[rng.Next(customers.Count)], products[rng.Next(products.Count)], rng.Next(1, 10), rng.Next(100, 10_000) / 100m));

        var byCustomer = new Dictionary<string, List<Order>>();
        foreach (var o in orders)
        {
            if (!byCustomer.TryGetValue(o.Customer, out var list))
            {
                list = new List<Order>();
                byCustomer[o.Customer] = list;
            }
            list.Add(o);
        }
        var revenue = new Dictionary<string, decimal>();
        foreach (var o in orders)
        {
            revenue.TryGetValue(o.Product, out var r);
            revenue[o.Product] = r + o.Quantity * o.Price;
        }
        foreach (var c in customers)
            h = Suite.Mix(h, byCustomer.TryGetValue(c, out var l) ? l.Count : -1);
        var top = new List<KeyValuePair<string, decimal>>(revenue);
        top.Sort((a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        for (var i = 0; i < 10; i++) h = Suite.Mix(h, (long)(top[i].Value * 100));

        // Integers: counting, sets, sorting, binary search.
        var numbers = new List<int>(200_000);
        for (var i = 0; i < 200_000; i++) numbers.Add(rng.Next(0, 100_000));
        var counts = new Dictionary<int, int>();
        foreach (var n in numbers) counts[n] = counts.GetValueOrDefault(n) + 1;
        var seen = new HashSet<int>(numbers);
        var hits = 0;
        for (var i = 0; i < 100_000; i++)
            if (seen.Contains(i * 3 % 100_000)) hits++;
        numbers.Sort();
        var found = 0;
        for (var i = 0; i < 50_000; i++)
            if (numbers.BinarySearch(i * 2) >= 0) found++;
        h = Suite.Mix(h, counts.Count);
        h = Suite.Mix(h, hits);
        h = Suite.Mix(h, found);

        // Breadth-first search on a grid maze (Queue, visited array, neighbour lists).
        h = Suite.Mix(h, ShortestPath(rng, 300));

        // A stack-based bracket matcher and a linked list.
        var stack = new Stack<char>();
        var balanced = 0;
        for (var i = 0; i < 20_000; i++)
        {
            stack.Clear();
            var ok = true;
            var len = 2 + i % 20;
            for (var j = 0; j < len && ok; j++)
            {
                var ch = "([{)]}"[(i * 7 + j * 13) % 6];
                if (ch is '(' or '[' or '{') stack.Push(ch);
                else ok = stack.Count > 0 && Matches(stack.Pop(), ch);
            }
            if (ok && stack.Count == 0) balanced++;
        }
        h = Suite.Mix(h, balanced);
        return h;
    }

    private static bool Matches(char open, char close) =>
        (open == '(' && close == ')') || (open == '[' && close == ']') || (open == '{' && close == '}');

    private static int ShortestPath(Random rng, int size)
    {
        var wall = new bool[size, size];
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
            wall[y, x] = rng.Next(100) < 28;
        wall[0, 0] = false;
        wall[size - 1, size - 1] = false;
        var dist = new Dictionary<(int, int), int> { [(0, 0)] = 0 };
        var queue = new Queue<(int X, int Y)>();
        queue.Enqueue((0, 0));
        var reached = 0;
        while (queue.Count > 0)
        {
            var (x, y) = queue.Dequeue();
            var d = dist[(x, y)];
            reached++;
            foreach (var (nx, ny) in Neighbours(x, y, size))
            {
                if (wall[ny, nx] || dist.ContainsKey((nx, ny))) continue;
                dist[(nx, ny)] = d + 1;
                queue.Enqueue((nx, ny));
            }
        }
        return reached * 100_000 + dist.GetValueOrDefault((size - 1, size - 1), -1);
    }

    private static List<(int, int)> Neighbours(int x, int y, int size)
    {
        var list = new List<(int, int)>(4);
        if (x > 0) list.Add((x - 1, y));
        if (y > 0) list.Add((x, y - 1));
        if (x < size - 1) list.Add((x + 1, y));
        if (y < size - 1) list.Add((x, y + 1));
        return list;
    }
}
