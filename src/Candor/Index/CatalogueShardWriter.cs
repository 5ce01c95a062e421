using Microsoft.Data.Sqlite;

namespace Candor.Index;

/// <summary>
/// Writes the items of one shard into the catalogue inside one transaction (from <see cref="ItemCatalogue.BeginShard"/>).
/// Nothing is visible until <see cref="Complete"/>; disposing without it rolls the shard back.
/// </summary>
public sealed class CatalogueShardWriter : IDisposable
{
    private readonly ItemCatalogue _catalogue;
    private readonly SqliteTransaction _tx;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _caption;
    private readonly SqliteCommand _thumbnail;
    private readonly SqliteCommand _problem;
    private bool _done;

    internal CatalogueShardWriter(ItemCatalogue catalogue, SqliteTransaction tx, int shard, long firstId)
    {
        _catalogue = catalogue;
        _tx = tx;
        Shard = shard;
        FirstId = firstId;
        NextId = firstId;
        _insert = catalogue.Command("INSERT INTO items(id, shard, row, key, url, caption, width, height, license, sha256, pdq, pdq_quality, extra) " +
            "VALUES($id, $shard, $row, $key, $url, $caption, $width, $height, $license, $sha256, $pdq, $pdqq, $extra)", tx);
        foreach (var name in new[] { "$id", "$shard", "$row", "$key", "$url", "$caption", "$width", "$height", "$license", "$sha256", "$pdq", "$pdqq", "$extra" })
            _insert.Parameters.Add(new SqliteParameter(name, null));
        _caption = catalogue.Command("INSERT INTO captions(rowid, caption) VALUES($id, $caption)", tx);
        _caption.Parameters.Add(new SqliteParameter("$id", null));
        _caption.Parameters.Add(new SqliteParameter("$caption", null));
        _thumbnail = catalogue.Command("INSERT OR REPLACE INTO thumbnails(id, mime, bytes) VALUES($id, $mime, $bytes)", tx);
        _thumbnail.Parameters.Add(new SqliteParameter("$id", null));
        _thumbnail.Parameters.Add(new SqliteParameter("$mime", null));
        _thumbnail.Parameters.Add(new SqliteParameter("$bytes", null));
        _problem = catalogue.Command("INSERT INTO problems(shard, row, message) VALUES($shard, $row, $message)", tx);
        _problem.Parameters.Add(new SqliteParameter("$shard", shard));
        _problem.Parameters.Add(new SqliteParameter("$row", null));
        _problem.Parameters.Add(new SqliteParameter("$message", null));
    }

    /// <summary>The shard being written.</summary>
    public int Shard { get; }

    /// <summary>The id of the shard's first item.</summary>
    public long FirstId { get; }

    /// <summary>The id the next added item gets.</summary>
    public long NextId { get; private set; }

    /// <summary>Items added so far.</summary>
    public long Items => NextId - FirstId;

    /// <summary>Problems recorded so far.</summary>
    public long Problems { get; private set; }

    /// <summary>
    /// Adds an item; its <see cref="CatalogueItem.Id"/> and <see cref="CatalogueItem.Shard"/> are assigned here (ids
    /// are consecutive from <see cref="FirstId"/>). PDQ, when set, must be 64 hex characters.
    /// </summary>
    /// <returns>The id given to the item.</returns>
    public long Add(CatalogueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ObjectDisposedException.ThrowIf(_done, this);
        var id = NextId;
        var p = _insert.Parameters;
        p["$id"].Value = id;
        p["$shard"].Value = Shard;
        p["$row"].Value = item.Row;
        p["$key"].Value = item.Key;
        p["$url"].Value = (object?)item.Url ?? DBNull.Value;
        p["$caption"].Value = (object?)item.Caption ?? DBNull.Value;
        p["$width"].Value = (object?)item.Width ?? DBNull.Value;
        p["$height"].Value = (object?)item.Height ?? DBNull.Value;
        p["$license"].Value = (object?)item.License ?? DBNull.Value;
        p["$sha256"].Value = (object?)item.Sha256 ?? DBNull.Value;
        p["$pdq"].Value = item.Pdq is null ? DBNull.Value : Convert.FromHexString(item.Pdq);
        p["$pdqq"].Value = (object?)item.PdqQuality ?? DBNull.Value;
        p["$extra"].Value = (object?)item.ExtraJson ?? DBNull.Value;
        _insert.ExecuteNonQuery();
        // Every item gets a row in the word index, captionless ones too: FTS5 checks an external-content index
        // row for row against its table (index verify), and an empty caption costs a few bytes.
        _caption.Parameters["$id"].Value = id;
        _caption.Parameters["$caption"].Value = (object?)item.Caption ?? DBNull.Value;
        _caption.ExecuteNonQuery();
        NextId++;
        return id;
    }

    /// <summary>Stores a small preview image for an item.</summary>
    public void AddThumbnail(long id, string mime, byte[] bytes)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _thumbnail.Parameters["$id"].Value = id;
        _thumbnail.Parameters["$mime"].Value = mime;
        _thumbnail.Parameters["$bytes"].Value = bytes;
        _thumbnail.ExecuteNonQuery();
    }

    /// <summary>Records a row (or the whole shard, <paramref name="row"/> null) that was skipped, and why.</summary>
    public void AddProblem(long? row, string message)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _problem.Parameters["$row"].Value = (object?)row ?? DBNull.Value;
        _problem.Parameters["$message"].Value = message;
        _problem.ExecuteNonQuery();
        Problems++;
    }

    /// <summary>Marks the shard ingested and commits everything written for it.</summary>
    /// <param name="path">The shard's path.</param>
    /// <param name="format">The reader that read it.</param>
    /// <returns>The shard's record.</returns>
    public CatalogueShard Complete(string path, string format)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        var record = new CatalogueShard(Shard, path, format, Items, Problems, FirstId, ItemCatalogue.Utc(DateTimeOffset.UtcNow));
        using (var command = _catalogue.Command("INSERT INTO shards(idx, path, format, items, problems, first_id, completed) VALUES($i, $p, $f, $n, $pr, $first, $c)", _tx))
        {
            command.Parameters.AddWithValue("$i", record.Index);
            command.Parameters.AddWithValue("$p", record.Path);
            command.Parameters.AddWithValue("$f", record.Format);
            command.Parameters.AddWithValue("$n", record.Items);
            command.Parameters.AddWithValue("$pr", record.Problems);
            command.Parameters.AddWithValue("$first", record.FirstId);
            command.Parameters.AddWithValue("$c", record.Completed);
            command.ExecuteNonQuery();
        }
        _tx.Commit();
        Close();
        return record;
    }

    private void Close()
    {
        if (_done) return;
        _done = true;
        _insert.Dispose();
        _caption.Dispose();
        _thumbnail.Dispose();
        _problem.Dispose();
        _tx.Dispose();
    }

    /// <summary>Rolls back unless <see cref="Complete"/> was called.</summary>
    public void Dispose()
    {
        if (_done) return;
        _tx.Rollback();
        Close();
    }
}
