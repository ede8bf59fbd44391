package dev.llmops.rag.index;

import java.util.List;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** Translates {@link Filter}s into Lucene queries over the metadata fields {@link RagIndex} writes. */
final class Filters {
    private Filters() {
    }

    /** The query matching {@code filter}, or {@code null} for {@link Filter.All} (no restriction). */
    static Query toQuery(Filter filter) {
        return switch (filter) {
            case Filter.All all -> null;
            case Filter.Equals eq -> new TermQuery(new Term(RagIndex.META + eq.key(), eq.value()));
            case Filter.In in -> new TermInSetQuery(RagIndex.META + in.key(),
                    in.values().stream().sorted().map(BytesRef::new).toList());
            case Filter.Range r -> DoublePoint.newRangeQuery(RagIndex.NUM + r.key(), r.min(), r.max());
            case Filter.And and -> and(and.filters());
        };
    }

    private static Query and(List<Filter> filters) {
        var builder = new BooleanQuery.Builder();
        boolean any = false;
        for (Filter f : filters) {
            Query q = toQuery(f);
            if (q != null) {
                builder.add(q, BooleanClause.Occur.FILTER);
                any = true;
            }
        }
        return any ? builder.build() : null;
    }
}
