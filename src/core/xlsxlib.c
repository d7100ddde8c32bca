/* xlsxlib: the libxlsxwriter functions the program calls, each loading the library on its first call (see dynlib.h). */
#include <xlsxwriter.h>

#include "jiaoyan/dynlib.h"

#ifndef JY_LIBXLSXWRITER
#error "JY_LIBXLSXWRITER (libxlsxwriter's SONAME) comes from the Makefile"
#endif

#define FN(...) DYNLIB_FN(JY_LIBXLSXWRITER, __VA_ARGS__)
#define VOID(...) DYNLIB_VOID(JY_LIBXLSXWRITER, __VA_ARGS__)

/* As xlsxwriter.h declares them (parameter names are ours). */
FN(lxw_chart_series *, chart_add_series, (lxw_chart *a0, const char *a1, const char *a2), (a0, a1, a2))
VOID(chart_axis_set_name, (lxw_chart_axis *a0, const char *a1), (a0, a1))
VOID(chart_axis_set_num_format, (lxw_chart_axis *a0, const char *a1), (a0, a1))
VOID(chart_legend_set_position, (lxw_chart *a0, uint8_t a1), (a0, a1))
VOID(chart_series_set_categories, (lxw_chart_series *a0, const char *a1, lxw_row_t a2, lxw_col_t a3, lxw_row_t a4, lxw_col_t a5), (a0, a1, a2, a3, a4, a5))
VOID(chart_series_set_fill, (lxw_chart_series *a0, lxw_chart_fill *a1), (a0, a1))
VOID(chart_series_set_line, (lxw_chart_series *a0, lxw_chart_line *a1), (a0, a1))
VOID(chart_series_set_marker_fill, (lxw_chart_series *a0, lxw_chart_fill *a1), (a0, a1))
VOID(chart_series_set_marker_line, (lxw_chart_series *a0, lxw_chart_line *a1), (a0, a1))
VOID(chart_series_set_marker_size, (lxw_chart_series *a0, uint8_t a1), (a0, a1))
VOID(chart_series_set_marker_type, (lxw_chart_series *a0, uint8_t a1), (a0, a1))
VOID(chart_series_set_name, (lxw_chart_series *a0, const char *a1), (a0, a1))
VOID(chart_series_set_values, (lxw_chart_series *a0, const char *a1, lxw_row_t a2, lxw_col_t a3, lxw_row_t a4, lxw_col_t a5), (a0, a1, a2, a3, a4, a5))
VOID(chart_title_set_name, (lxw_chart *a0, const char *a1), (a0, a1))
VOID(format_set_align, (lxw_format *a0, uint8_t a1), (a0, a1))
VOID(format_set_bg_color, (lxw_format *a0, lxw_color_t a1), (a0, a1))
VOID(format_set_bold, (lxw_format *a0), (a0))
VOID(format_set_border, (lxw_format *a0, uint8_t a1), (a0, a1))
VOID(format_set_font_size, (lxw_format *a0, double a1), (a0, a1))
VOID(format_set_num_format, (lxw_format *a0, const char *a1), (a0, a1))
VOID(format_set_text_wrap, (lxw_format *a0), (a0))
VOID(lxw_rowcol_to_cell, (char *a0, lxw_row_t a1, lxw_col_t a2), (a0, a1, a2))
FN(char *, lxw_strerror, (lxw_error a0), (a0))
VOID(lxw_workbook_free, (lxw_workbook *a0), (a0))
FN(lxw_chart *, workbook_add_chart, (lxw_workbook *a0, uint8_t a1), (a0, a1))
FN(lxw_format *, workbook_add_format, (lxw_workbook *a0), (a0))
FN(lxw_worksheet *, workbook_add_worksheet, (lxw_workbook *a0, const char *a1), (a0, a1))
FN(lxw_error, workbook_close, (lxw_workbook *a0), (a0))
FN(lxw_workbook *, workbook_new_opt, (const char *a0, lxw_workbook_options *a1), (a0, a1))
FN(lxw_error, workbook_set_properties, (lxw_workbook *a0, lxw_doc_properties *a1), (a0, a1))
VOID(worksheet_fit_to_pages, (lxw_worksheet *a0, uint16_t a1, uint16_t a2), (a0, a1, a2))
VOID(worksheet_freeze_panes, (lxw_worksheet *a0, lxw_row_t a1, lxw_col_t a2), (a0, a1, a2))
FN(lxw_error, worksheet_insert_chart_opt, (lxw_worksheet *a0, lxw_row_t a1, lxw_col_t a2, lxw_chart *a3, lxw_chart_options *a4), (a0, a1, a2, a3, a4))
FN(lxw_error, worksheet_repeat_rows, (lxw_worksheet *a0, lxw_row_t a1, lxw_row_t a2), (a0, a1, a2))
FN(lxw_error, worksheet_set_column, (lxw_worksheet *a0, lxw_col_t a1, lxw_col_t a2, double a3, lxw_format *a4), (a0, a1, a2, a3, a4))
VOID(worksheet_set_paper, (lxw_worksheet *a0, uint8_t a1), (a0, a1))
FN(lxw_error, worksheet_write_blank, (lxw_worksheet *a0, lxw_row_t a1, lxw_col_t a2, lxw_format *a3), (a0, a1, a2, a3))
FN(lxw_error, worksheet_write_boolean, (lxw_worksheet *a0, lxw_row_t a1, lxw_col_t a2, int a3, lxw_format *a4), (a0, a1, a2, a3, a4))
FN(lxw_error, worksheet_write_formula_num, (lxw_worksheet *a0, lxw_row_t a1, lxw_col_t a2, const char *a3, lxw_format *a4, double a5), (a0, a1, a2, a3, a4, a5))
FN(lxw_error, worksheet_write_number, (lxw_worksheet *a0, lxw_row_t a1, lxw_col_t a2, double a3, lxw_format *a4), (a0, a1, a2, a3, a4))
FN(lxw_error, worksheet_write_string, (lxw_worksheet *a0, lxw_row_t a1, lxw_col_t a2, const char *a3, lxw_format *a4), (a0, a1, a2, a3, a4))
