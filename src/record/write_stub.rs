//! TEMPORARY: a rough v1 writer until the exact one lands from its branch.
use super::*;

pub fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn opt(s: &Option<String>, out: &mut String) {
    match s {
        Some(s) => write_json_str(s, out),
        None => out.push_str("null"),
    }
}

fn list(v: &[String], out: &mut String) {
    out.push('[');
    for (i, s) in v.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_str(s, out);
    }
    out.push(']');
}

pub fn write_v1_json(r: &Record, out: &mut String) {
    out.push_str("{\"id\":");
    write_json_str(&r.id, out);
    out.push_str(",\"name\":");
    write_json_str(&r.name, out);
    out.push_str(",\"types\":");
    list(&r.types, out);
    out.push_str(",\"status\":");
    write_json_str(&r.status, out);
    out.push_str(",\"country\":{\"country_name\":");
    opt(&r.country.country_name, out);
    out.push_str(",\"country_code\":");
    opt(&r.country.country_code, out);
    out.push_str("}}");
}
