using System.Diagnostics;
using Ferry.Images;
using Ferry.Images.Graph;

namespace Ferry.Bench.Images;

/// <summary>
/// Pre-copy rounds (<see cref="GraphSession"/>) on a live <see cref="Shop"/> that a writer thread keeps
/// changing at a set rate, reporting what it wrote as write barriers would (after the write): the base round,
/// update rounds until they stop shrinking, then the final round with the writer stopped (what the pause
/// costs), against one stop-and-copy write of the same heap in the same run; then base + rounds read back.
/// </summary>
public static class PrecopyHarness
{
    public static int Run(int megabytes, double dirtyMbPerSecond, string dir)
    {
        Directory.CreateDirectory(dir);
        var shop = HeapBuilder.Build(megabytes);
        GC.Collect();
        Console.WriteLine($"heap: {GC.GetTotalMemory(true) / 1e6:F0} MB live, writer dirtying {dirtyMbPerSecond} MB/s");
        var serializer = new ObjectGraphSerializer(new TypeAllowlist().AddAssembly(typeof(Shop).Assembly));
        var dirty = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var gate = new object();
        var writer = new ShopWriter(shop, dirtyMbPerSecond, dirty, gate);
        var files = new List<string>();
        using var session = serializer.BeginSession(t => t.Assembly == typeof(Shop).Assembly);

        RoundStats Round(object[] changed, bool final, params (string, object?)[] roots)
        {
            string path = Path.Combine(dir, $"round-{files.Count}.img");
            var sw = Stopwatch.StartNew();
            RoundStats stats;
            using (var w = ImageWriter.Create(path, new ImageHeader(), new ImageWriterOptions { Durable = false }))
            {
                stats = session.WriteRound(w, changed, final, roots);
                w.Commit();
            }
            files.Add(path);
            Console.WriteLine($"round {stats.Round}{(final ? " (final)" : "")}: {changed.Length} reported, {stats.Updates} updates, {stats.NewObjects} new objects, " +
                $"{stats.Pending} pending; {stats.RawBytes / 1e6:F2} MB raw, {new FileInfo(path).Length / 1e6:F2} MB file, {sw.Elapsed.TotalMilliseconds:F1} ms");
            return stats;
        }

        object[] Take()
        {
            lock (gate)
            {
                var changed = dirty.ToArray();
                dirty.Clear();
                return changed;
            }
        }

        writer.Start();
        var baseStats = Round([], false, ("root", shop));
        long last = baseStats.RawBytes;
        for (int i = 0; i < 8; i++)
        {
            // Rounds are paced as a transfer to another host would pace them (at least 250 ms apart).
            Thread.Sleep(250);
            var stats = Round(Take(), false);
            bool converged = stats.RawBytes >= last * 0.8;
            last = stats.RawBytes;
            if (converged)
            {
                break;
            }
        }
        var pause = Stopwatch.StartNew();
        writer.Stop();
        var final = Round(Take(), true);
        pause.Stop();
        Console.WriteLine($"final round with the writer stopped: {pause.Elapsed.TotalMilliseconds:F1} ms, {final.RawBytes / 1e6:F2} MB raw = {100.0 * final.RawBytes / baseStats.RawBytes:F2}% of the base; writer made {writer.Writes} writes ({writer.Bytes / 1e6:F0} MB)");

        var full = Stopwatch.StartNew();
        string fullPath = Path.Combine(dir, "full.img");
        using (var w = ImageWriter.Create(fullPath, new ImageHeader(), new ImageWriterOptions { Durable = false }))
        {
            serializer.Write(w, ("root", shop));
            w.Commit();
        }
        full.Stop();
        Console.WriteLine($"stop-and-copy baseline (one full write, same run): {full.Elapsed.TotalMilliseconds:F0} ms, {new FileInfo(fullPath).Length / 1e6:F1} MB file; final round ÷ full write: {pause.Elapsed.TotalMilliseconds / full.Elapsed.TotalMilliseconds:F3}");

        var read = Stopwatch.StartNew();
        var readers = files.Select(f => ImageReader.Open(f)).ToList();
        var graph = serializer.ReadRounds(readers);
        readers.ForEach(r => r.Dispose());
        var back = (Shop)graph["root"]!;
        Console.WriteLine($"read base + {files.Count - 1} rounds: {read.Elapsed.TotalMilliseconds:F0} ms, {graph.ObjectCount} objects; orders {back.Orders.Count} (live {shop.Orders.Count}), " +
            $"quantity sum {back.Orders.Sum(o => (long)o.Quantity)} (live {shop.Orders.Sum(o => (long)o.Quantity)})");
        foreach (var f in files.Append(fullPath))
        {
            File.Delete(f);
        }
        return back.Orders.Sum(o => (long)o.Quantity) == shop.Orders.Sum(o => (long)o.Quantity) ? 0 : 1;
    }

    /// <summary>Changes orders, customers' counters and sensor samples at a rate; reports each object after writing it.</summary>
    private sealed class ShopWriter(Shop shop, double mbPerSecond, HashSet<object> dirty, object gate)
    {
        private volatile bool _stop;
        private Thread? _running;

        public long Writes;
        public long Bytes;

        public void Start()
        {
            _running = new Thread(Loop) { IsBackground = true };
            _running.Start();
        }

        public void Stop()
        {
            _stop = true;
            _running!.Join();
        }

        private void Loop()
        {
            var rnd = new Random(5);
            var clock = Stopwatch.StartNew();
            var customers = shop.CustomersByEmail.Values.ToArray();
            while (!_stop)
            {
                // Stay at the rate: bytes written so far against the time elapsed.
                if (Bytes > clock.Elapsed.TotalSeconds * mbPerSecond * 1e6)
                {
                    Thread.Sleep(1);
                    continue;
                }
                switch (rnd.Next(10_000) switch { < 5000 => 0, < 9999 => 2, _ => 3 })
                {
                    case 0:
                    {
                        var o = shop.Orders[rnd.Next(shop.Orders.Count)];
                        o.Quantity++;
                        o.State = (OrderState)(((int)o.State + 1) % 3);
                        Report(o, 64);
                        break;
                    }
                    case 2:
                    {
                        var c = customers[rnd.Next(customers.Length)];
                        c.Counters["visits"] = c.Counters.GetValueOrDefault("visits") + 1;
                        Report(c.Counters, 200);
                        break;
                    }
                    default:
                    {
                        var series = shop.Sensors[rnd.Next(shop.Sensors.Length)];
                        series[rnd.Next(series.Length)] += 1;
                        Report(series, 8); // a 4 MB array made dirty by one sample: rare, but each round sends it whole
                        break;
                    }
                }
            }
        }

        private void Report(object o, long bytes)
        {
            Writes++;
            Bytes += bytes;
            lock (gate)
            {
                dirty.Add(o);
            }
        }
    }
}
