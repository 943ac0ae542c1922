namespace Ferry.Bench.Images;

/// <summary>Builds a <see cref="Shop"/> of about the requested size: ~45% small objects, strings and collections, ~55% big arrays.</summary>
public static class HeapBuilder
{
    public static Shop Build(int megabytes, int seed = 42)
    {
        var rnd = new Random(seed);
        var shop = new Shop();
        double scale = megabytes / 200.0;
        int customers = (int)(100_000 * scale);
        int orders = (int)(1_000_000 * scale);
        var list = new Customer[customers];
        for (int i = 0; i < customers; i++)
        {
            var c = new Customer { Id = i, Name = $"Customer {i} {rnd.Next():x}", Email = $"c{i}@shop{rnd.Next(100)}.example" };
            c.Counters["visits"] = rnd.Next(100);
            c.Counters["carts"] = rnd.Next(10);
            list[i] = c;
            shop.CustomersByEmail[c.Email] = c;
        }
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        shop.Orders.Capacity = orders;
        for (int i = 0; i < orders; i++)
        {
            var c = list[rnd.Next(customers)];
            var o = new Order
            {
                Id = i, Quantity = rnd.Next(1, 20), Price = Math.Round(rnd.NextDouble() * 100, 2), Sku = $"SKU-{rnd.Next(1_000_000):D7}",
                Customer = c, At = start.AddSeconds(i * 3), State = (OrderState)(i % 3),
            };
            shop.Orders.Add(o);
            if (c.Recent.Count < 8)
            {
                c.Recent.Add(o);
            }
        }
        // Big arrays: sensor series (smooth signal + noise), an index, binary blobs half random.
        int series = (int)(24 * scale);
        shop.Sensors = new double[series][];
        for (int s = 0; s < series; s++)
        {
            var d = new double[500_000];
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = Math.Sin(i / 500.0 + s) * 20 + rnd.NextDouble();
            }
            shop.Sensors[s] = d;
        }
        shop.Index = new int[(int)(6_000_000 * scale)];
        for (int i = 0; i < shop.Index.Length; i++)
        {
            shop.Index[i] = i * 7 % 1_000_003;
        }
        int blobs = (int)(16 * scale);
        shop.Blobs = new byte[blobs][];
        for (int b = 0; b < blobs; b++)
        {
            var blob = new byte[1 << 20];
            rnd.NextBytes(blob.AsSpan(0, blob.Length / 2));
            shop.Blobs[b] = blob;
        }
        return shop;
    }
}
