"""Load the default QĐ 766 scoring rules (values of ``cchc.indicators.score766.DEFAULT_RULES`` at this date)."""

from decimal import Decimal

from django.db import migrations

RULES = [
    ('1.1', 'Tỷ lệ TTHC công bố đúng hạn', '4', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('1.2', 'Tỷ lệ TTHC được cập nhật, công khai đúng hạn', '4', '100', False, 'QĐ 766/QĐ-TTg ngày 23/6/2022: 4/18 điểm (xác nhận); cách tính điểm theo tỷ lệ: Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('1.3', 'Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành', '4', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('1.4', 'Tỷ lệ hồ sơ đồng bộ lên Cổng DVC quốc gia', '6', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('2.1', 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn', '20', '100', False, 'QĐ 766/QĐ-TTg ngày 23/6/2022: tối đa 20 điểm (xác nhận); cách tính điểm theo tỷ lệ: Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('2.2', 'Thời gian giải quyết trung bình', '0', '100', False, 'Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn): chỉ hiển thị, không tính điểm'),
    ('3.1', 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến', '6', '80', False, 'Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn): từ 80% trở lên đạt điểm tối đa, dưới 80% tính tỷ lệ × điểm tối đa / 80% (xác nhận); điểm tối đa: Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('3.2', 'Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ', '4', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('3.3', 'Tỷ lệ hồ sơ nộp trực tuyến', '6', '50', False, 'Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn): từ 50% trở lên đạt điểm tối đa (xác nhận); điểm tối đa: Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('3.5', 'Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến', '3', '80', False, 'Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn): từ 80% trở lên đạt điểm tối đa, dưới 80% tính tỷ lệ × điểm tối đa / 80% (xác nhận); điểm tối đa: Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('3.6', 'Tỷ lệ hồ sơ thanh toán trực tuyến', '3', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('4.1', 'Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử', '4', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('4.2', 'Tỷ lệ hồ sơ thực hiện số hóa', '5', '80', False, 'Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn): từ 80% trở lên đạt điểm tối đa, dưới 80% tính tỷ lệ × điểm tối đa / 80% (xác nhận); điểm tối đa: Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('4.3', 'Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa', '5', '80', False, 'Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn): từ 80% trở lên đạt điểm tối đa, dưới 80% tính tỷ lệ × điểm tối đa / 80% (xác nhận); điểm tối đa: Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('4.4', 'Tỷ lệ hồ sơ có kết nối, chia sẻ dữ liệu', '4', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('4.5', 'Tỷ lệ hồ sơ sử dụng dữ liệu dân cư', '4', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('5.1', 'Tỷ lệ phản ánh, kiến nghị theo phân loại', '3', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('5.2', 'Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn', '6', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('5.3', 'Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị', '3', '100', False, 'Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm'),
    ('5.4', 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC', '6', '90', False, 'QĐ 766/QĐ-TTg ngày 23/6/2022: tối đa 6/18 điểm; Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn): từ 90% trở lên đạt điểm tối đa (xác nhận)'),
]


def load(apps, schema_editor):
    rule = apps.get_model("indicators", "ScoringRule")
    for position, (code, name, points, full_at, confirmed, source) in enumerate(RULES):
        rule.objects.update_or_create(code=code, defaults={
            "name": name, "max_points": Decimal(points), "full_at": Decimal(full_at), "confirmed": confirmed,
            "source": source, "position": position,
        })


def unload(apps, schema_editor):
    apps.get_model("indicators", "ScoringRule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_qd766_scoring_rules")]
    operations = [migrations.RunPython(load, unload)]
