// Counts up every 200 ms, forever (or up to the count given as the first argument).
// The demo app: checkpoint it, restore it, and it goes on from the number it had reached.
var limit = args.Length > 0 && long.TryParse(args[0], out var n) ? n : long.MaxValue;
for (long i = 1; i <= limit; i++)
{
    Console.WriteLine($"count {i}");
    Thread.Sleep(200);
}
Console.WriteLine($"counted to {limit}");
