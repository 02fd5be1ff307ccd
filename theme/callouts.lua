-- Callouts written the way JupyterLab reads them, turned into Quarto callouts.
--
-- A chapter notebook has no `:::` fences, which JupyterLab would show as text:
--   * a note is a blockquote whose first paragraph is only bold text "Kind: Title",
--       > **Note: A guess, not a fit**
--       >
--       > Nothing makes 3 and 60 special...
--     with Kind one of Note, Tip, Warning, Important, Caution;
--   * a solution starts at a heading "Solution to exercise N" or "Answer" (a folded aside
--     at one "Going further: ...") and runs to the next heading of the same or a higher
--     level (or to the end), which is also what JupyterLab folds under that heading when
--     it is stored collapsed.
-- Quarto must see the callouts before it builds them: _quarto.yml runs this filter
-- `at: pre-ast`. It uses only Pandoc's Lua API, so plain pandoc runs it in the tests.

local KINDS = {Note = "note", Tip = "tip", Warning = "warning", Important = "important",
               Caution = "caution"}

local function callout(kind, title, level, content, folded)
  local blocks = pandoc.List({pandoc.Header(level, title)})
  blocks:extend(content)
  local attributes = folded and {collapse = "true"} or {}
  return pandoc.Div(blocks, pandoc.Attr("", {"callout-" .. kind}, attributes))
end

function BlockQuote(quote)
  local first = quote.content[1]
  if not (first and first.t == "Para" and #first.content == 1
          and first.content[1].t == "Strong") then
    return nil
  end
  local kind, title = pandoc.utils.stringify(first.content[1]):match("^(%a+): (.+)$")
  if not (kind and KINDS[kind]) then
    return nil
  end
  local content = pandoc.List()
  for k = 2, #quote.content do
    content:insert(quote.content[k])
  end
  return callout(KINDS[kind], title, 2, content, false)
end

-- The kind of callout a folded heading opens: a tip for a solution, a note for an aside.
local function folded_kind(block)
  if block.t ~= "Header" then
    return nil
  end
  local text = pandoc.utils.stringify(block)
  if text == "Answer" or text:match("^Solution to exercise %d+$") then
    return "tip"
  elseif text:match("^Going further: .+") then
    return "note"
  end
  return nil
end

function Blocks(blocks)
  local out, i = pandoc.List(), 1
  while i <= #blocks do
    local block = blocks[i]
    local kind = folded_kind(block)
    if kind then
      local content, j = pandoc.List(), i + 1
      while j <= #blocks and not (blocks[j].t == "Header" and blocks[j].level <= block.level) do
        content:insert(blocks[j])
        j = j + 1
      end
      out:insert(callout(kind, block.content, block.level, content, true))
      i = j
    else
      out:insert(block)
      i = i + 1
    end
  end
  return out
end
