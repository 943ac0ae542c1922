using System.Runtime.InteropServices;
using System.Text;

namespace BarrierSample;

public sealed class Item
{
    public int Count;
    public string Name = "";
    public Item? Next;
    public Point Where;
    public long Total;
}

public struct Point
{
    public int X;
    public int Y;

    public void Move(int dx) => X += dx;
}

public class Box<T>
{
    public T? Value;
}

/// <summary>Everything the app keeps; the tests take pre-copy rounds of it between steps.</summary>
public sealed class State
{
    public Item[] Items = new Item[16];
    public int[] Numbers = new int[64];
    public Point[] Points = new Point[8];
    public List<Item> List = new();
    public Dictionary<string, int> Counts = new();
    public HashSet<int> Seen = new();
    public Queue<string> Queue = new();
    public StringBuilder Text = new();
    public SortedDictionary<int, string> Sorted = new();
    public Box<int> IntBox = new();
    public Box<Item> ItemBox = new();
    public object? Boxed = new Point();
    public List<int> ViaDelegate = new();
    public Action<int>? AddLater;
    public byte[] Buffer = new byte[32];
    public List<int> SpanList = new() { 1, 2, 3 };
}

public static class Program
{
    public static State State = new();

    public static int Main()
    {
        State = New();
        for (int i = 0; i < 20; i++) Step(i);
        Console.WriteLine(State.Items.Sum(x => x?.Count ?? 0));
        return 0;
    }

    public static State New()
    {
        var s = new State();
        for (int i = 0; i < s.Items.Length; i++) s.Items[i] = new Item { Name = "i" + i, Count = i };
        s.List.AddRange(s.Items.Take(4));
        s.AddLater = s.ViaDelegate.Add; // made before tracking starts, invoked after
        return s;
    }

    /// <summary>One step of writes of every kind the barriers must see.</summary>
    public static void Step(int i)
    {
        var s = State;
        var item = s.Items[i % s.Items.Length];
        item.Count += i;                                   // stfld
        item.Name = "n" + i;                               // stfld, a new string
        item.Next = s.Items[(i + 3) % s.Items.Length];     // stfld, a reference
        item.Where.X = i;                                  // ldflda + stfld into a struct field
        item.Where.Move(2);                                // ldflda + a struct method
        Interlocked.Add(ref item.Total, i);                // ldflda to a framework method
        s.Numbers[i % s.Numbers.Length] = i * 7;           // stelem
        s.Numbers[(i + 1) % s.Numbers.Length]++;           // ldelema
        s.Points[i % s.Points.Length].Y += i;              // ldelema of a struct
        s.Items[(i + 5) % s.Items.Length] = new Item { Name = "new" + i }; // stelem.ref, a new object
        s.List.Add(item);                                  // framework call on the receiver
        if (s.List.Count > 10) s.List.RemoveAt(0);
        s.Counts["k" + i % 5] = i;                         // Dictionary indexer set
        CollectionsMarshal.GetValueRefOrAddDefault(s.Counts, "ref", out _) += 1; // a byref into the dictionary
        s.Seen.Add(i);
        s.Queue.Enqueue("q" + i);
        if (s.Queue.Count > 3) s.Queue.Dequeue();
        s.Text.Append(i).Append(',');                      // StringBuilder
        s.Text.Append($"[{i}]");                           // interpolation handler over the builder
        s.Sorted[i % 7] = "s" + i;                         // framework internals (the tree) travel with it
        s.IntBox.Value = i;                                // generic class field
        s.ItemBox.Value = item;
        if (s.Boxed is Point) ((Point)s.Boxed).Move(1);    // a copy: no write into the box
        s.AddLater!(i);                                    // a delegate over List.Add
        Array.Fill(s.Buffer, (byte)i, 0, 4);               // an array given to the framework
        CollectionsMarshal.AsSpan(s.SpanList)[0] = i;      // a span into a list
        Span<byte> span = s.Buffer;                        // a span over an array, written later
        span[5] = (byte)(i + 1);
        Action lambda = () => { item.Count++; s.Numbers[0] = i; }; // writes from a closure
        lambda();
        var t = new Thread(() => { s.Items[0]!.Count += 100; s.Seen.Add(1000 + i); }); // from another thread
        t.Start();
        t.Join();
    }
}
