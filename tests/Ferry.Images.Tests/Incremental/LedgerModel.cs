using System.Text;

namespace Ferry.Images.Tests.Incremental;

public sealed class Account
{
    public string Name = "";
    public long Balance;
    public Account? Next;
    public List<string> History = new();
    public int[] Scores = new int[4];
    public object? Tag;
    public (int Count, string? Label) Pair;
}

public sealed class Ledger
{
    public Dictionary<string, Account> ByName = new();
    public List<Account> All = new();
    public Account?[] Slots = new Account?[8];
    public HashSet<int> Ids = new();
    public Queue<string> Pending = new();
    public Stack<int> Undo = new();
    public LinkedList<string> Log = new();
    public StringBuilder Notes = new();
    public SortedSet<int> Sorted = new();
    public SortedDictionary<string, int> Totals = new();
    public object? Extra;
    public int Version;
}

/// <summary>
/// Mutates a <see cref="Ledger"/> at random (seeded) in every way the incremental rounds must follow, and
/// reports the objects each mutation wrote into — what write barriers would report.
/// </summary>
internal sealed class LedgerMutator(Ledger ledger, int seed)
{
    private readonly Random _random = new(seed);
    private int _serial;

    public static Ledger Create(int accounts)
    {
        var ledger = new Ledger();
        var m = new LedgerMutator(ledger, 1);
        var ignored = new List<object>();
        for (int i = 0; i < accounts; i++)
        {
            m.AddAccount(ignored);
        }
        for (int i = 0; i < 200; i++)
        {
            m.Mutate(ignored);
        }
        return ledger;
    }

    public void Mutate(List<object> dirty)
    {
        var all = ledger.All;
        Account? Any() => all.Count == 0 ? null : all[_random.Next(all.Count)];
        switch (_random.Next(22))
        {
            case 0:
            {
                if (Any() is { } a)
                {
                    a.Balance += _random.Next(-100, 100);
                    a.Name = a.Name.Length > 12 ? "n" + _serial++ : a.Name + "x";
                    dirty.Add(a);
                }
                break;
            }
            case 1:
            {
                if (Any() is { } a)
                {
                    a.Next = _random.Next(4) == 0 ? null : Any(); // cycles, self-references
                    dirty.Add(a);
                }
                break;
            }
            case 2 or 3:
                AddAccount(dirty);
                break;
            case 4:
            {
                if (Any() is { } a)
                {
                    // Dropped from the ledger (it may stay reachable through Next, Slots or Tag).
                    ledger.ByName.Remove(a.Name);
                    all.Remove(a);
                    dirty.Add(ledger.ByName);
                    dirty.Add(all);
                }
                break;
            }
            case 5:
                ledger.Slots[_random.Next(ledger.Slots.Length)] = _random.Next(3) == 0 ? null : Any();
                dirty.Add(ledger.Slots);
                break;
            case 6:
            {
                var slots = new Account?[_random.Next(1, 16)];
                Array.Copy(ledger.Slots, slots, Math.Min(slots.Length, ledger.Slots.Length));
                ledger.Slots = slots;
                dirty.Add(ledger);
                break;
            }
            case 7:
                if (!ledger.Ids.Add(_random.Next(1000)))
                {
                    ledger.Ids.Remove(ledger.Ids.First());
                }
                dirty.Add(ledger.Ids);
                break;
            case 8:
                if (_random.Next(3) == 0 && ledger.Pending.Count > 0)
                {
                    ledger.Pending.Dequeue();
                }
                else
                {
                    ledger.Pending.Enqueue("p" + _serial++);
                }
                dirty.Add(ledger.Pending);
                break;
            case 9:
                if (_random.Next(3) == 0 && ledger.Undo.Count > 0)
                {
                    ledger.Undo.Pop();
                }
                else
                {
                    ledger.Undo.Push(_serial++);
                }
                dirty.Add(ledger.Undo);
                break;
            case 10:
                if (_random.Next(3) == 0 && ledger.Log.Count > 0)
                {
                    ledger.Log.Remove(ledger.Log.First!);
                }
                else
                {
                    ledger.Log.AddLast("log" + _serial++);
                }
                dirty.Add(ledger.Log);
                break;
            case 11:
                ledger.Notes.Append("note ").Append(_serial++);
                if (ledger.Notes.Length > 400)
                {
                    ledger.Notes.Remove(0, 200);
                }
                dirty.Add(ledger.Notes);
                break;
            case 12:
                if (!ledger.Sorted.Add(_random.Next(500)))
                {
                    ledger.Sorted.Remove(ledger.Sorted.Min);
                }
                dirty.Add(ledger.Sorted);
                break;
            case 13:
                ledger.Totals["t" + _random.Next(50)] = _serial++;
                if (_random.Next(4) == 0)
                {
                    ledger.Totals.Remove(ledger.Totals.Keys.First());
                }
                dirty.Add(ledger.Totals); // its tree is a separate object: sent as its untracked part
                break;
            case 14:
            {
                if (Any() is { } a)
                {
                    a.History.Add("h" + _serial++);
                    dirty.Add(a.History);
                }
                break;
            }
            case 15:
            {
                if (Any() is { } a)
                {
                    a.Scores[_random.Next(a.Scores.Length)]++;
                    dirty.Add(a.Scores);
                }
                break;
            }
            case 16:
            {
                if (Any() is { } a)
                {
                    // A new cycle hanging off an existing object.
                    var ghost = new Account { Name = "ghost" + _serial++ };
                    ghost.Next = ghost;
                    ghost.Tag = a;
                    a.Tag = _random.Next(3) == 0 ? new object[] { ghost, "s", 42, ghost } : ghost;
                    dirty.Add(a);
                }
                break;
            }
            case 17:
            {
                // Grow past a resize, or shrink by half.
                if (_random.Next(2) == 0)
                {
                    for (int i = 0; i < 40; i++)
                    {
                        AddAccount(dirty);
                    }
                }
                else
                {
                    foreach (var a in all.Take(all.Count / 2).ToList())
                    {
                        ledger.ByName.Remove(a.Name);
                        all.Remove(a);
                    }
                    dirty.Add(ledger.ByName);
                    dirty.Add(all);
                }
                break;
            }
            case 18:
            {
                if (Any() is { } a)
                {
                    a.Pair = (a.Pair.Count + 1, "label" + _serial++);
                    dirty.Add(a);
                }
                break;
            }
            case 19:
            {
                if (Any() is { } a)
                {
                    a.History = new List<string>(a.History) { "copied" };
                    a.Scores = new int[_random.Next(1, 8)];
                    dirty.Add(a);
                }
                break;
            }
            case 20:
                ledger.Extra = _random.Next(3) switch
                {
                    0 => null,
                    1 => new Dictionary<int, Account?> { [1] = Any(), [2] = null },
                    _ => ledger.Extra is Dictionary<int, Account?> d ? Grow(d, dirty) : (object)new List<object> { ledger, "x" },
                };
                ledger.Version++;
                dirty.Add(ledger);
                break;
            case 21:
                all.Reverse();
                dirty.Add(all);
                break;
        }
    }

    private Dictionary<int, Account?> Grow(Dictionary<int, Account?> d, List<object> dirty)
    {
        for (int i = 0; i < 20; i++)
        {
            d[_serial++] = new Account { Name = "extra" + i };
        }
        dirty.Add(d);
        return d;
    }

    private void AddAccount(List<object> dirty)
    {
        var a = new Account { Name = "acct" + _serial++, Balance = _random.Next(1000) };
        a.History.Add("opened");
        if (ledger.ByName.TryAdd(a.Name, a))
        {
            ledger.All.Add(a);
            dirty.Add(ledger.ByName);
            dirty.Add(ledger.All);
        }
    }
}
