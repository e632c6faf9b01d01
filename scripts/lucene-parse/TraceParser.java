package org.apache.lucene.queryparser.classic;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;

/**
 * Differential harness for ror-wasm's `query` module: Lucene's own classic QueryParser (the jar's code, Lucene 8.8.1)
 * configured as Elasticsearch 7.10 configures it for query_string (default field "*", splitOnWhitespace=false,
 * allowLeadingWildcard=true, phrase slop 0), with every hook that ES overrides replaced by a deterministic stub that
 * logs its call. For each query it prints the hook calls in order and the final query structure (boolean occurs,
 * nesting, boosts as float bits), once with default operator OR and once with AND; input Lucene rejects prints
 * "error". The Rust test `query::tests::differential` replays the same stubs (query::trace) and must print the same.
 *
 * Input: one case per line; blank lines and lines starting with '#' are skipped; a line "json:<JSON string>" holds a
 * JSON-escaped query (for tabs, newlines, leading/trailing spaces, a leading '#').
 * Output per case: "Q <json>" then "OR <trace>" then "AND <trace>".
 *
 * Stubs (identical in query/trace.rs):
 *   getFieldQuery(f, text, quoted): words = text split on ' ', empty ones and "the" dropped (a stop word);
 *     none -> null; one word "wrap..." -> BooleanQuery[that TermQuery] (id); one word -> TermQuery (id);
 *     a word "dismax" among several -> an opaque query (id); several -> BooleanQuery (id) of one clause per word,
 *     SHOULD for operator OR and MUST for AND, a word containing '.' giving an opaque query, any other a TermQuery.
 *   getFieldQuery(f, text, slop): blank text -> null, else opaque. Range, prefix, wildcard, regexp, fuzzy: opaque.
 * Ids are handed out in creation order (#1, #2, ...), inner clauses before their boolean.
 */
public class TraceParser extends QueryParser {
    private final StringBuilder log = new StringBuilder();
    private final Map<Query, Integer> ids = new IdentityHashMap<>();
    private int nextId = 1;

    TraceParser(Operator op) {
        super("*", new WhitespaceAnalyzer());
        setDefaultOperator(op);
        setSplitOnWhitespace(false);
        setAllowLeadingWildcard(true);
        setAutoGeneratePhraseQueries(false);
        setPhraseSlop(0);
    }

    /** A query the stubs return that is neither a TermQuery nor a BooleanQuery. */
    static final class Opaque extends Query {
        @Override public String toString(String field) { return "opaque"; }
        @Override public boolean equals(Object o) { return this == o; }
        @Override public int hashCode() { return System.identityHashCode(this); }
        @Override public void visit(QueryVisitor visitor) { }
    }

    private <Q extends Query> Q id(Q q) {
        ids.put(q, nextId++);
        return q;
    }

    private void call(String name, Query result, String... args) {
        if (log.length() > 0) {
            log.append(' ');
        }
        log.append(result == null ? "null" : "#" + ids.get(result)).append('=').append(name).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                log.append(',');
            }
            log.append(args[i]);
        }
        log.append(')');
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        List<String> words = new ArrayList<>();
        for (String w : queryText.split(" ")) {
            if (!w.isEmpty() && !w.equals("the")) {
                words.add(w);
            }
        }
        Query q;
        if (words.isEmpty()) {
            q = null;
        } else if (words.size() == 1 && words.get(0).startsWith("wrap")) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            b.add(id(new TermQuery(new Term(field, words.get(0)))), BooleanClause.Occur.SHOULD);
            q = id(b.build());
        } else if (words.size() == 1) {
            q = id(new TermQuery(new Term(field, words.get(0))));
        } else if (words.contains("dismax")) {
            q = id(new Opaque());
        } else {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            BooleanClause.Occur occur = getDefaultOperator() == Operator.AND ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD;
            for (String w : words) {
                b.add(w.indexOf('.') >= 0 ? id(new Opaque()) : id(new TermQuery(new Term(field, w))), occur);
            }
            q = id(b.build());
        }
        call("F", q, str(field), str(queryText), String.valueOf(quoted));
        return q;
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
        Query q = queryText.trim().isEmpty() ? null : id(new Opaque());
        call("P", q, str(field), str(queryText), String.valueOf(slop));
        return q;
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive, boolean endInclusive) {
        Query q = id(new Opaque());
        call("R", q, str(field), str(part1), str(part2), String.valueOf(startInclusive), String.valueOf(endInclusive));
        return q;
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) {
        Query q = id(new Opaque());
        call("X", q, str(field), str(termStr));
        return q;
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) {
        Query q = id(new Opaque());
        call("W", q, str(field), str(termStr));
        return q;
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) {
        Query q = id(new Opaque());
        call("E", q, str(field), str(termStr));
        return q;
    }

    @Override
    Query handleBareFuzzy(String qfield, Token fuzzySlop, String termImage) {
        Query q = id(new Opaque());
        call("Z", q, str(qfield), str(fuzzySlop.image), str(termImage));
        return q;
    }

    private String render(Query q) {
        Integer n = ids.get(q);
        if (n != null) {
            return "#" + n;
        }
        if (q instanceof BoostQuery) {
            BoostQuery b = (BoostQuery) q;
            return "boost(" + String.format("0x%08x", Float.floatToRawIntBits(b.getBoost())) + "," + render(b.getQuery()) + ")";
        }
        if (q instanceof BooleanQuery) {
            StringBuilder sb = new StringBuilder("bool[");
            boolean first = true;
            for (BooleanClause c : ((BooleanQuery) q).clauses()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                switch (c.getOccur()) {
                    case MUST: sb.append('+'); break;
                    case MUST_NOT: sb.append('-'); break;
                    case FILTER: sb.append('#'); break;
                    default: break;
                }
                sb.append(render(c.getQuery()));
            }
            return sb.append(']').toString();
        }
        return "?" + q.getClass().getSimpleName();
    }

    String trace(String query) {
        try {
            Query q = parse(query);
            return log + " => " + render(q);
        } catch (ParseException e) {
            return "error";
        } catch (IllegalArgumentException e) {
            // new BoostQuery(q, Infinity) in handleBoost ("boost must be a positive float"); parse() does not
            // wrap it, ES reports it as a request error.
            return "error";
        }
    }

    /** JSON string: printable ASCII as is, everything else as \\uXXXX UTF-16 units; unpaired surrogates as U+FFFD. */
    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(String.format("\\u%04x\\u%04x", (int) c, (int) s.charAt(i + 1)));
                i++;
            } else if (Character.isSurrogate(c)) {
                sb.append("\\ufffd");
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }

    static String unjson(String s) {
        StringBuilder sb = new StringBuilder();
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            throw new IllegalArgumentException("bad json string: " + s);
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n': sb.append('\n'); break;
                case 't': sb.append('\t'); break;
                case 'r': sb.append('\r'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'u': sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
                default: sb.append(e); break;
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String query = line.startsWith("json:") ? unjson(line.substring(5)) : line;
            out.write("Q " + str(query) + "\n");
            out.write("OR " + new TraceParser(Operator.OR).trace(query) + "\n");
            out.write("AND " + new TraceParser(Operator.AND).trace(query) + "\n");
        }
        out.flush();
    }
}
