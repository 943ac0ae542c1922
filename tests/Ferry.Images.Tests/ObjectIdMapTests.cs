using System.Diagnostics.CodeAnalysis;
using System.Runtime;
using System.Runtime.CompilerServices;
using Ferry.Images.Graph;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

/// <summary>
/// The writer's object table is keyed by address, which the GC changes: these tests move objects under it
/// (compacting GCs between and during lookups, and in the middle of a real write).
/// </summary>
public class ObjectIdMapTests
{
    private static nint Address(object o) => Unsafe.As<object, nint>(ref o);

    private static void CompactingGc()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Objects interleaved with garbage, so that a compacting GC has to move the survivors.</summary>
    private static object[] Fragmented(int n)
    {
        var keep = new object[n];
        var drop = new object[n];
        for (int i = 0; i < n; i++)
        {
            keep[i] = i % 3 == 0 ? new object() : i % 3 == 1 ? $"s{i}" : new int[i % 7];
            drop[i] = new byte[40];
        }
        GC.KeepAlive(drop);
        return keep;
    }

    [Fact]
    public void IdsSurviveObjectsBeingMovedByTheGc()
    {
        var objects = Fragmented(50_000);
        using var map = new ObjectIdMap();
        for (int i = 0; i < objects.Length; i++)
        {
            Assert.Equal(-1, map.GetOrAdd(objects[i]));
        }
        var before = objects.Select(Address).ToArray();
        CompactingGc();
        int moved = objects.Where((o, i) => Address(o) != before[i]).Count();
        for (int i = 0; i < objects.Length; i++)
        {
            Assert.Equal(i, map.GetOrAdd(objects[i]));
        }
        Assert.True(map.Relocations >= 1);
        Assert.True(moved > 0, "the GC moved nothing: the test did not exercise relocation");

        // New objects after the GC get new ids, old ones keep theirs, across more GCs.
        var more = Fragmented(10_000);
        for (int i = 0; i < more.Length; i++)
        {
            Assert.Equal(-1, map.GetOrAdd(more[i]));
            if (i % 2500 == 0)
            {
                CompactingGc();
            }
        }
        for (int i = 0; i < objects.Length; i += 7)
        {
            Assert.Equal(i, map.GetOrAdd(objects[i]));
        }
        for (int i = 0; i < more.Length; i++)
        {
            Assert.Equal(objects.Length + i, map.GetOrAdd(more[i]));
            Assert.Same(more[i], map[objects.Length + i]);
        }
        Assert.Equal(objects.Length + more.Length, map.Count);
    }

    [Fact]
    public void SmallestObjectsPackedTogetherGetDistinctIds()
    {
        // new object() is the smallest object there is (24 bytes): neighbours must not share a slot.
        var tiny = new object[100_000];
        for (int i = 0; i < tiny.Length; i++)
        {
            tiny[i] = new object();
        }
        using var map = new ObjectIdMap();
        foreach (var o in tiny)
        {
            map.GetOrAdd(o);
        }
        Assert.Equal(tiny.Length, map.Count);
        var copy = Copy(new object[] { tiny, tiny[5], tiny[99_999] });
        var array = (object[])copy[0];
        Assert.Equal(tiny.Length, array.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Same(array[5], copy[1]);
        Assert.Same(array[99_999], copy[2]);
    }

    [Fact]
    public void AGcInTheMiddleOfAWriteKeepsSharedReferencesShared()
    {
        // The surrogate runs a compacting GC whenever it is asked; its objects sit between the first and
        // the second reference to each node, so every back-reference is looked up after objects moved.
        var nodes = Fragmented(20_000).Select((_, i) => new Node { Value = i }).ToList();
        var firstPass = nodes.Cast<object>().ToList();
        var triggers = Enumerable.Range(0, 4).Select(i => (object)new NativeThing(i)).ToList();
        var secondPass = nodes.Cast<object>().Reverse().ToList();
        var root = new List<object>[] { firstPass, triggers, secondPass };
        var surrogates = new GcSurrogates();
        var s = new ObjectGraphSerializer(Allowlist(), surrogates);
        var before = nodes.Select(Address).ToArray();
        var image = Write(s, ("root", root));
        Assert.Equal(4, surrogates.Collections);
        Assert.True(nodes.Where((n, i) => Address(n) != before[i]).Any(), "no node moved during the write");

        var copy = (List<object>[])Read(s, image)["root"]!;
        Assert.Equal(nodes.Count, copy[0].Count);
        for (int i = 0; i < nodes.Count; i++)
        {
            Assert.Same(copy[0][i], copy[2][nodes.Count - 1 - i]);
            Assert.Equal(i, ((Node)copy[0][i]).Value);
        }
        Assert.Equal(nodes.Count, copy[0].Concat(copy[2]).Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    private sealed class GcSurrogates : IObjectSurrogates
    {
        public int Collections;

        public bool Handles(Type type) => type == typeof(NativeThing);

        public bool TrySubstitute(object value, [NotNullWhen(true)] out object? surrogate)
        {
            CompactingGc();
            Collections++;
            surrogate = new NativeThingSurrogate { Id = ((NativeThing)value).Id };
            return true;
        }

        public object Resolve(object surrogate) => new NativeThing(((NativeThingSurrogate)surrogate).Id);
    }
}
